import { parquetMetadata } from 'hyparquet';
import type { FileMetaData } from 'hyparquet';
import { ParquetInputError } from './errors.ts';

/** `PAR1`, at both ends of every Parquet file. */
export const MAGIC = Buffer.from('PAR1', 'latin1');
/** The footer's trailer: the FileMetaData length (4 bytes, little endian), then the magic. */
export const TRAILER_BYTES = 8;
/** The smallest Parquet file: the leading magic, an empty FileMetaData's byte or more, the trailer. */
const MIN_FILE_BYTES = MAGIC.length + TRAILER_BYTES;

/**
 * How many bytes at the end of a `size`-byte file hold its footer (FileMetaData + trailer), from the file's last
 * bytes (`tail`, at least the trailer). Throws ParquetInputError when the trailer is not Parquet's.
 */
export function footerBytes(tail: Uint8Array, size: number): number {
  if (size < MIN_FILE_BYTES)
    throw new ParquetInputError(`not a Parquet file: ${size} bytes, fewer than the ${MIN_FILE_BYTES} of the smallest`);
  const trailer = Buffer.from(tail.buffer, tail.byteOffset + tail.length - TRAILER_BYTES, TRAILER_BYTES);
  if (!trailer.subarray(4).equals(MAGIC)) throw new ParquetInputError('not a Parquet file: it does not end with the "PAR1" magic');
  const length = trailer.readUInt32LE(0);
  if (length + TRAILER_BYTES + MAGIC.length > size) {
    throw new ParquetInputError(`corrupt Parquet footer: its length (${length} bytes) runs past the start of the file`);
  }
  return length + TRAILER_BYTES;
}

/** The FileMetaData of a file from its footer bytes (footerBytes long). Throws ParquetInputError when it does not parse. */
export function parseFooter(footer: Uint8Array): FileMetaData {
  // A copy of exactly these bytes: hyparquet reads the footer from its ArrayBuffer's end (a Buffer's may be a pool's).
  const copy = new Uint8Array(footer.length);
  copy.set(footer);
  try {
    return parquetMetadata(copy.buffer);
  } catch (error) {
    throw new ParquetInputError(`corrupt Parquet footer: ${error instanceof Error ? error.message : String(error)}`);
  }
}
