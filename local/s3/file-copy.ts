import { createHash } from 'node:crypto';
import { createWriteStream, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { link, open, rm, stat, type FileHandle } from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32 } from 'node:zlib';
import type { ByteRange, ReadInto } from './object-store.ts';
import { writeRange } from './copy-range.ts';

/** File-level helpers of the store: writes, links and ETags, without extra passes. */

/** Read size for hashing a file: few syscalls, still bounded memory. */
export const COPY_BUFFER_BYTES = 1024 * 1024;

/**
 * The ETag S3 gives a multipart object: md5 of the parts' binary md5s (hex, in order), then `-<part count>`. The part
 * md5s were computed as the parts arrived (putPart), so completing never reads the object's bytes a second time.
 */
export function multipartEtag(partMd5s: readonly string[]): string {
  const digests = partMd5s.map((hex) => Buffer.from(hex, 'hex'));
  return `${createHash('md5').update(Buffer.concat(digests)).digest('hex')}-${partMd5s.length}`;
}

/** What the store measures of bytes as they are written: the MD5 is the object's or part's ETag, the CRC-32 its checksum. */
export interface WrittenContent {
  size: number;
  md5: string;
  crc32: number;
}

/** Size, MD5 and CRC-32 of bytes seen once, in order. */
function measurer(): { see(piece: Buffer): void; result(): WrittenContent } {
  const md5 = createHash('md5');
  let size = 0;
  let crc = 0;
  return {
    see(piece) {
      md5.update(piece);
      crc = crc32(piece, crc);
      size += piece.length;
    },
    result: () => ({ size, md5: md5.digest('hex'), crc32: crc }),
  };
}

/**
 * Streams content into a file, resolving once every byte is written; size, MD5 and CRC-32 are measured on the way,
 * so nothing is read twice. Piped from the moment it is called: the body flows, which is how
 * local/http/idle-clients.ts tells a stalled client from one held back.
 */
export async function writeContent(content: Readable, path: string): Promise<WrittenContent> {
  const measured = measurer();
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      measured.see(chunk);
      callback(null, chunk);
    },
  });
  await pipeline(content, measure, createWriteStream(path));
  return measured.result();
}

/** writeContent for `range` of a stored object's bytes, read by `readInto` (a ranged UploadPartCopy). */
export async function writeRangeContent(readInto: ReadInto, range: ByteRange, path: string): Promise<WrittenContent> {
  const measured = measurer();
  const file = await open(path, 'w');
  try {
    await writeRange(readInto, range, file, (piece) => measured.see(piece));
  } finally {
    await file.close();
  }
  return measured.result();
}

/** The CRC-32 of a stored version's bytes, read once (for versions stored before CRCs were kept). */
export async function readCrc32(readInto: ReadInto, size: number): Promise<number> {
  const buffer = Buffer.allocUnsafe(Math.min(COPY_BUFFER_BYTES, Math.max(size, 1)));
  let crc = 0;
  for (let position = 0; position < size; ) {
    const read = await readInto(buffer, position);
    if (read === 0) throw new Error(`stored object ended at ${position} of ${size} bytes`);
    crc = crc32(buffer.subarray(0, read), crc);
    position += read;
  }
  return crc;
}

/**
 * A small file written whole or not at all: to a temp file, then renamed over `path`. Synchronously, as the upload
 * metadata in multipart-parts.ts: records and configurations are a few hundred bytes, and every write request ends
 * with one.
 */
export function writeFileAtomic(path: string, temp: string, data: string): void {
  try {
    writeFileSync(temp, data);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

export function writeJsonAtomic(path: string, temp: string, value: unknown): void {
  writeFileAtomic(path, temp, JSON.stringify(value));
}

/** A small file's text (synchronously, as writeFileAtomic writes), or undefined when it does not exist or cannot be read. */
export function readSmallFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * A new name for an open file's bytes without copying them: a hard link when the path still names the opened file,
 * else (another filesystem, or the version was deleted after it was opened) a copy streamed from the handle. Safe
 * because the store never writes a data file in place: every version is a new file, so linked bytes never change.
 */
export async function linkOrCopy(sourcePath: string, handle: FileHandle, target: string): Promise<void> {
  if (
    await link(sourcePath, target).then(
      () => true,
      () => false,
    )
  ) {
    const [linked, opened] = await Promise.all([stat(target), handle.stat()]);
    if (linked.ino === opened.ino && linked.dev === opened.dev) return;
    await rm(target, { force: true });
  }
  await pipeline(handle.createReadStream({ start: 0, highWaterMark: PART_COPY_BUFFER_BYTES, autoClose: false }), createWriteStream(target));
}

/** Part copies run many at once (finalize copies every chunk's part in parallel): smaller reads each. */
export const PART_COPY_BUFFER_BYTES = 256 * 1024;

/**
 * The part ETag of a whole-object UploadPartCopy: the source's MD5 when it has a plain one; a multipart source's
 * ETag is not an MD5 of its bytes, so the part gets an opaque one derived from it (S3's part ETags are opaque too,
 * e.g. under SSE-KMS; clients only hand them back to CompleteMultipartUpload).
 */
export function copiedPartEtag(sourceEtag: string): string {
  return /^[0-9a-f]{32}$/.test(sourceEtag) ? sourceEtag : createHash('md5').update(`part-copy:${sourceEtag}`).digest('hex');
}
