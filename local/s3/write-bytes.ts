import type { FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { ByteRange } from './object-store.ts';

/** Reads up to `target.length` of an object's bytes at `position` into `target`; 0 only past the end. */
export type ReadInto = (target: Buffer, position: number) => Promise<number>;

/**
 * Disk write size. A request body arrives in 64 KiB socket reads, and every write is a thread-pool round trip:
 * writing each piece as it came, a 51 MiB upload in 8 MiB parts cost the stack 210–215 ms of CPU, in 1 MiB writes
 * 175–200 ms (bench/s3-transfer.ts --multipart).
 */
const WRITE_BYTES = 1024 * 1024;
/** Free buffers kept between writes: two per body being written, for a couple of uploads at once. */
const MAX_FREE = 4;
const free: Buffer[] = [];

function takeBuffer(): Buffer {
  return free.pop() ?? Buffer.allocUnsafeSlow(WRITE_BYTES);
}

function giveBack(buffer: Buffer): void {
  if (free.length < MAX_FREE) free.push(buffer);
}

/** Writes all `length` bytes at the file's position (a regular file may take fewer bytes per call). */
async function writeAll(file: FileHandle, buffer: Buffer, length: number): Promise<void> {
  let offset = 0;
  while (offset < length) offset += (await file.write(buffer, offset, length - offset)).bytesWritten;
}

/**
 * Appends a body's bytes to `file` in `WRITE_BYTES` writes, each piece seen first by `see` (size and MD5 are taken
 * on the way). Two reused buffers: one fills while the other is written, and the body is read no further than one
 * full buffer ahead of the disk.
 */
export async function writeBody(content: Readable, file: FileHandle, see: (piece: Buffer) => void): Promise<void> {
  let filling = takeBuffer();
  let spare: Buffer | undefined;
  let used = 0;
  let writing: Promise<void> | undefined;
  try {
    for await (const piece of content as AsyncIterable<Buffer>) {
      see(piece);
      let offset = 0;
      while (offset < piece.length) {
        const copied = piece.copy(filling, used, offset);
        used += copied;
        offset += copied;
        if (used < filling.length) continue;
        await writing;
        writing = writeAll(file, filling, used);
        const next = spare ?? takeBuffer();
        spare = filling;
        filling = next;
        used = 0;
      }
    }
    await writing;
    writing = undefined;
    if (used > 0) await writeAll(file, filling, used);
  } finally {
    // A failed body: the write in flight still reads its buffer, so it settles before the buffer is reused.
    await writing?.catch(() => undefined);
    giveBack(filling);
    if (spare) giveBack(spare);
  }
}

/**
 * Appends `range` of an object's bytes (read by `readInto`, the one way the store reads its objects) to `file`, each
 * piece seen first by `see`: a ranged UploadPartCopy, in `WRITE_BYTES` reads and writes through one reused buffer.
 */
export async function writeRange(readInto: ReadInto, range: ByteRange, file: FileHandle, see: (piece: Buffer) => void): Promise<void> {
  const buffer = takeBuffer();
  try {
    for (let position = range.start; position <= range.end; ) {
      const read = await readInto(buffer.subarray(0, Math.min(buffer.length, range.end - position + 1)), position);
      if (read === 0) throw new Error(`object ended at byte ${position}, before the range's end ${range.end}`);
      see(buffer.subarray(0, read));
      await writeAll(file, buffer, read);
      position += read;
    }
  } finally {
    giveBack(buffer);
  }
}
