import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeRange } from '../../../../local/s3/copy-range.ts';
import type { ReadInto } from '../../../../local/s3/object-store.ts';

const MiB = 1024 * 1024;

/** An object's bytes as the store reads them: at most `most` bytes per read, 0 only past the end. */
function readerOf(object: Buffer, most: number): ReadInto {
  return async (target, position) => object.copy(target, 0, position, Math.min(object.length, position + Math.min(most, target.length)));
}

async function copyToFile(readInto: ReadInto, start: number, end: number): Promise<{ written: Buffer; seen: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'copy-range-'));
  const path = join(dir, 'part');
  let seen = 0;
  const file = await open(path, 'w');
  try {
    await writeRange(readInto, { start, end }, file, (piece) => {
      seen += piece.length;
    });
  } finally {
    await file.close();
  }
  const written = await readFile(path);
  await rm(dir, { recursive: true, force: true });
  return { written, seen };
}

test('a range of any length and place reaches the file byte for byte, short reads included, each byte seen once', async () => {
  const object = randomBytes(3 * MiB + 12345);
  for (const [start, end] of [
    [0, 0],
    [5, 5 + MiB - 1],
    [7, 7 + MiB],
    [MiB - 3, 3 * MiB],
    [0, object.length - 1],
  ] as const) {
    for (const most of [MiB, 70_000]) {
      const { written, seen } = await copyToFile(readerOf(object, most), start, end);
      assert.equal(seen, end - start + 1, `bytes ${start}-${end} seen`);
      assert.ok(written.equals(object.subarray(start, end + 1)), `bytes ${start}-${end} written as stored`);
    }
  }
});

test('a write that takes fewer bytes than asked is continued until all are written', async () => {
  const object = randomBytes(2 * MiB + 5);
  const landed: Buffer[] = [];
  // A file that takes at most 1000 bytes per call, as fs.write may for a regular file.
  const stingy = {
    async write(buffer: Buffer, offset: number, length: number) {
      const taken = Math.min(length, 1000);
      landed.push(Buffer.from(buffer.subarray(offset, offset + taken)));
      return { bytesWritten: taken, buffer };
    },
  } as unknown as FileHandle;
  await writeRange(readerOf(object, MiB), { start: 0, end: object.length - 1 }, stingy, () => undefined);
  assert.ok(Buffer.concat(landed).equals(object));
});

test('an object that ends before the range does fails the copy, naming the byte', async () => {
  const object = randomBytes(1000);
  await assert.rejects(copyToFile(readerOf(object, MiB), 0, 1999), /object ended at byte 1000, before the range's end 1999/);
});
