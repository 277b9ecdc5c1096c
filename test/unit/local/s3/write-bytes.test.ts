import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { writeBody } from '../../../../local/s3/write-bytes.ts';

const MiB = 1024 * 1024;

/** `bytes` cut into pieces of pseudo-random sizes up to `maxPiece`, as a socket delivers a body. */
function pieces(bytes: Buffer, maxPiece: number, seed = 7): Buffer[] {
  const out: Buffer[] = [];
  let state = seed;
  for (let at = 0; at < bytes.length; ) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const size = 1 + (state % maxPiece);
    out.push(bytes.subarray(at, at + size));
    at += size;
  }
  return out;
}

async function writeToFile(body: Readable): Promise<{ written: Buffer; seen: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'write-bytes-'));
  const path = join(dir, 'body');
  let seen = 0;
  const file = await open(path, 'w');
  try {
    await writeBody(body, file, (piece) => {
      seen += piece.length;
    });
  } finally {
    await file.close();
  }
  const written = await readFile(path);
  await rm(dir, { recursive: true, force: true });
  return { written, seen };
}

test('a body of any length reaches the file byte for byte, each piece seen once', async () => {
  for (const length of [0, 1, MiB - 1, MiB, MiB + 1, 3 * MiB + 12345]) {
    const body = randomBytes(length);
    const { written, seen } = await writeToFile(Readable.from(pieces(body, 100_000)));
    assert.equal(seen, length, `${length} bytes seen`);
    assert.ok(written.equals(body), `${length} bytes written as sent`);
  }
});

test('a write that takes fewer bytes than asked is continued until all are written', async () => {
  const body = randomBytes(2 * MiB + 5);
  const landed: Buffer[] = [];
  // A file that takes at most 1000 bytes per call, as fs.write may for a regular file.
  const stingy = {
    async write(buffer: Buffer, offset: number, length: number) {
      const taken = Math.min(length, 1000);
      landed.push(Buffer.from(buffer.subarray(offset, offset + taken)));
      return { bytesWritten: taken, buffer };
    },
  } as unknown as FileHandle;
  await writeBody(Readable.from(pieces(body, 70_000)), stingy, () => undefined);
  assert.ok(Buffer.concat(landed).equals(body));
});

test('a body that fails midway rejects with its error, after the write in flight settled', async () => {
  let writesInFlight = 0;
  const slow = {
    async write(buffer: Buffer, _offset: number, length: number) {
      writesInFlight++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      writesInFlight--;
      return { bytesWritten: length, buffer };
    },
  } as unknown as FileHandle;
  async function* failing(): AsyncGenerator<Buffer> {
    yield randomBytes(MiB);
    yield randomBytes(1000);
    throw new Error('connection reset');
  }
  await assert.rejects(
    writeBody(Readable.from(failing()), slow, () => undefined),
    /connection reset/,
  );
  assert.equal(writesInFlight, 0, 'no write still reads a buffer that is handed back');
});
