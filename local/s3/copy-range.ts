import type { FileHandle } from 'node:fs/promises';
import type { ByteRange, ReadInto } from './object-store.ts';

/** Read and write size of a range copy: few thread-pool round trips, bounded memory. */
const COPY_BYTES = 1024 * 1024;

/** Writes all `length` bytes at the file's position (a regular file may take fewer bytes per call). */
async function writeAll(file: FileHandle, buffer: Buffer, length: number): Promise<void> {
  let offset = 0;
  while (offset < length) offset += (await file.write(buffer, offset, length - offset)).bytesWritten;
}

/**
 * Appends `range` of an object's bytes (read by `readInto`, the one way the store reads its objects) to `file`, each
 * piece seen first by `see`: a ranged UploadPartCopy, in `COPY_BYTES` reads and writes through one buffer.
 */
export async function writeRange(readInto: ReadInto, range: ByteRange, file: FileHandle, see: (piece: Buffer) => void): Promise<void> {
  const buffer = Buffer.allocUnsafe(Math.min(COPY_BYTES, range.end - range.start + 1));
  for (let position = range.start; position <= range.end; ) {
    const read = await readInto(buffer.subarray(0, Math.min(buffer.length, range.end - position + 1)), position);
    if (read === 0) throw new Error(`object ended at byte ${position}, before the range's end ${range.end}`);
    see(buffer.subarray(0, read));
    await writeAll(file, buffer, read);
    position += read;
  }
}
