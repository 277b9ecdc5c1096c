import type { AsyncBuffer, FileMetaData } from 'hyparquet';
import { readRangeResponse } from '../../s3/read-range.ts';
import type { ObjectVersion } from '../../s3/types.ts';
import { TRAILER_BYTES, footerBytes, parseFooter } from '../footer.ts';

/** The first footer read: most footers fit (a few KB for tens of columns and row groups); a longer one costs one more GET. */
const FOOTER_GUESS_BYTES = 64 * 1024;

export interface ParquetFooter {
  metadata: FileMetaData;
  /** The object's user metadata (x-amz-meta-*), from the same GET. */
  userMetadata: Record<string, string>;
}

/**
 * The FileMetaData of the job's object version, read from its last bytes by ranged GETs (never the whole object).
 * Throws ParquetInputError when the object is not a Parquet file or its footer is corrupt.
 */
export async function readParquetFooter(object: ObjectVersion, size: number): Promise<ParquetFooter> {
  const first = Math.max(0, size - FOOTER_GUESS_BYTES);
  const { bytes, metadata: userMetadata } = await readRangeResponse(object, first, size);
  const tail = bytes.subarray(Math.max(0, bytes.length - TRAILER_BYTES));
  const length = footerBytes(tail, size);
  const footer =
    length <= bytes.length
      ? bytes.subarray(bytes.length - length)
      : Buffer.concat([(await readRangeResponse(object, size - length, first)).bytes, bytes]);
  return { metadata: parseFooter(footer), userMetadata };
}

/** The object version as hyparquet's AsyncBuffer: each slice one ranged GET (hyparquet asks for a row group's column chunks at once). */
export function objectAsyncBuffer(object: ObjectVersion, size: number): AsyncBuffer {
  return {
    byteLength: size,
    async slice(start: number, end?: number): Promise<ArrayBuffer> {
      const { bytes } = await readRangeResponse(object, start, end ?? size);
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
    },
  };
}
