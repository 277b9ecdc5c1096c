import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { s3 } from '../aws/clients.ts';
import { InvalidGzipError } from '../batch/errors.ts';
import { PartUploader } from './PartUploader.ts';
import { openRange, openRangeResponse } from './read-range.ts';
import { firstRecordEnd } from '../csv/record/record-scan.ts';
import type { HeaderBlock } from './read-header.ts';
import type { ObjectVersion } from './types.ts';

/**
 * Streams a gzip object through zlib into a plain temp object (multipart, from PartUploader's two reused part
 * buffers): memory stays bounded whatever the sizes. gzip cannot be read from the middle (each byte's meaning
 * depends on the 32 KiB before it), so this one pass is what lets the plain object be cut into byte ranges. Returns
 * the inflated size. Bytes that do not inflate (truncated, corrupt, not gzip) throw InvalidGzipError, and no
 * partial object is left.
 */
export async function inflateToObject(
  source: ObjectVersion,
  size: number,
  target: { bucket: string; key: string; contentType: string },
): Promise<number> {
  const uploader = new PartUploader({ client: s3(), ...target });
  const input = await openRange(source, 0, size);
  try {
    for await (const piece of gunzip(input)) await uploader.write(piece);
    return await uploader.end();
  } catch (error) {
    input.destroy();
    await uploader.abort();
    throw error;
  }
}

/**
 * The first inflated bytes of a gzip object — through its first complete record, or `maxBytes`, or the end — and its
 * user metadata, for ingest's header check. `size` is the inflated size when the read reached the end (null: it
 * stopped early). Bytes that do not inflate before then throw InvalidGzipError.
 */
export async function readInflatedHead(
  object: ObjectVersion,
  size: number,
  maxBytes: number,
): Promise<HeaderBlock & { size: number | null }> {
  const { body, metadata } = await openRangeResponse(object, 0, size);
  const pieces: Buffer[] = [];
  let length = 0;
  let ended = true;
  try {
    for await (const piece of gunzip(body)) {
      pieces.push(piece);
      length += piece.length;
      if (length >= maxBytes || (piece.includes(0x0a) && firstRecordEnd(Buffer.concat(pieces)) >= 0)) {
        ended = false;
        break;
      }
    }
  } finally {
    body.destroy();
  }
  const block = Buffer.concat(pieces).subarray(0, maxBytes);
  return { block, headerEnd: firstRecordEnd(block), metadata, size: ended ? length : null };
}

/** The inflated bytes of `input`; zlib's errors become InvalidGzipError with its reason. */
async function* gunzip(input: Readable): AsyncGenerator<Buffer> {
  // 256 KiB pieces instead of zlib's 16 KiB: a sixteenth of the awaits per inflated byte.
  const inflater = createGunzip({ chunkSize: 256 * 1024 });
  input.on('error', (error) => inflater.destroy(error));
  input.pipe(inflater);
  try {
    for await (const piece of inflater) yield piece as Buffer;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code.startsWith('Z_')) throw new InvalidGzipError(`not a valid gzip file: ${(error as Error).message}`);
    throw error;
  } finally {
    inflater.destroy();
  }
}
