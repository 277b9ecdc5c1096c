import type { ServerResponse } from 'node:http';
import type { ByteRange, ReadInto } from './object-store.ts';

/**
 * Read size, one socket write each. Every read is a thread-pool round trip: at 64 KiB (fs streams' size) a 51 MiB download
 * cost the stack 60–75 ms of CPU, at 256 KiB 25–30 ms (bench/s3-transfer.ts; 1 MiB did no better).
 */
const BUFFER_BYTES = 256 * 1024;
/** Free buffers kept between responses (4 MiB): enough for a few GETs at once. */
const MAX_FREE = 16;
const free: Buffer[] = [];

function takeBuffer(): Buffer {
  return free.pop() ?? Buffer.allocUnsafeSlow(BUFFER_BYTES);
}

function giveBack(buffer: Buffer): void {
  if (free.length < MAX_FREE) free.push(buffer);
}

/** Resolves once the response can take more, or is closed (an aborted download stops the loop). */
function writable(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * Sends `range` of an object as the response body through a few reused buffers. A download read through fs streams
 * takes a new 64 KiB buffer per read: a 51 MB scored output read back for its SHA-256 was ~800 of them, and the
 * garbage cost the stack several full collections per download (external memory counts toward its heap limit,
 * process-tuning.ts). A buffer is read into again only after its socket write completed (the write's callback).
 */
export async function sendBytes(readInto: ReadInto, range: ByteRange, res: ServerResponse): Promise<void> {
  let position = range.start;
  while (position <= range.end && !res.destroyed) {
    const buffer = takeBuffer();
    const wanted = Math.min(buffer.length, range.end - position + 1);
    const read = await readInto(buffer.subarray(0, wanted), position).catch((error: unknown) => {
      giveBack(buffer);
      throw error;
    });
    if (read === 0) throw new Error(`object ended at byte ${position}, before its recorded size`);
    position += read;
    const more = res.write(buffer.subarray(0, read), () => giveBack(buffer));
    if (!more) await writable(res);
  }
  if (!res.destroyed) res.end();
}
