/**
 * Deterministic Iris-like CSV of N rows, produced as a stream of ~64 KiB pieces so a 1M-row upload never sits in
 * memory as one string. The byte length is known up front (S3 PutObject of a stream needs ContentLength).
 */
import { Readable } from 'node:stream';

export const CSV_HEADER = 'sepal_length,sepal_width,petal_length,petal_width\n';

/** A cycle of plausible rows of all three classes (values with one decimal, as the Iris data). */
export const CSV_ROWS: readonly string[] = [
  '5.1,3.5,1.4,0.2',
  '4.9,3.0,1.4,0.2',
  '7.0,3.2,4.7,1.4',
  '6.4,3.2,4.5,1.5',
  '6.3,3.3,6.0,2.5',
  '5.8,2.7,5.1,1.9',
  '5.4,3.9,1.7,0.4',
  '5.5,2.3,4.0,1.3',
  '7.1,3.0,5.9,2.1',
  '5.9,3.0,5.1,2.3',
  '6.0,2.2,4.0,1.0',
].map((row) => `${row}\n`);

const PIECE_BYTES = 64 * 1024;

/** Exact byte length of the CSV `csvChunks(rows)` yields (ASCII: one byte per character). */
export function csvByteLength(rows: number): number {
  const cycle = CSV_ROWS.reduce((sum, row) => sum + row.length, 0);
  const whole = Math.floor(rows / CSV_ROWS.length);
  const rest = CSV_ROWS.slice(0, rows % CSV_ROWS.length).reduce((sum, row) => sum + row.length, 0);
  return CSV_HEADER.length + whole * cycle + rest;
}

/** The CSV as Buffers of about 64 KiB: header, then `rows` data rows. */
export function* csvChunks(rows: number): Generator<Buffer> {
  let piece = CSV_HEADER;
  for (let i = 0; i < rows; i++) {
    piece += CSV_ROWS[i % CSV_ROWS.length];
    if (piece.length >= PIECE_BYTES) {
      yield Buffer.from(piece, 'latin1');
      piece = '';
    }
  }
  if (piece.length) yield Buffer.from(piece, 'latin1');
}

export function csvStream(rows: number): Readable {
  return Readable.from(csvChunks(rows), { objectMode: false });
}

/** `POST /predict` body with `rows` rows of the same cycle (the sync side of the comparison scores the same data). */
export function predictBody(rows: number): string {
  const values = Array.from({ length: rows }, (_, i) => CSV_ROWS[i % CSV_ROWS.length].trim().split(',').map(Number));
  return JSON.stringify({ values });
}

/**
 * Hostile files for the large-file bench, of about `bytes` bytes, streamed in ~64 KiB pieces:
 * - `unterminated-quotes`: every line holds one `"` that its line never closes, so quotes pair across lines and every
 *   record is two lines long (and malformed): half the chunks start inside a quoted field;
 * - `one-record`: a header, then one record whose quoted field runs (newlines and all) to the end of the file.
 */
export type HostileShape = 'unterminated-quotes' | 'one-record';

export function* hostileChunks(shape: HostileShape, bytes: number): Generator<Buffer> {
  yield Buffer.from(CSV_HEADER);
  const line = shape === 'unterminated-quotes' ? '5.1,3.5,1.4,"0.2\n' : 'a quoted field that goes on and on, newlines and all\n';
  const piece = Buffer.from(line.repeat(Math.ceil(PIECE_BYTES / line.length)));
  let left = bytes - CSV_HEADER.length;
  if (shape === 'one-record') {
    const open = Buffer.from('5.1,3.5,1.4,"');
    yield open;
    left -= open.length + 2;
  }
  for (; left > 0; left -= piece.length) yield left >= piece.length ? piece : piece.subarray(0, left);
  if (shape === 'one-record') yield Buffer.from('"\n');
}
