import { Readable } from 'node:stream';
import { RecordScan } from './csv-port.ts';

/** errors.csv starts with this header, once; chunk error objects hold only rows `line,record,reason`. */
export const ERRORS_HEADER = 'line,record,reason\n';

/**
 * Re-writes a chunk's error rows with file line numbers: each row's leading line number (unquoted digits, as
 * ChunkScorer writes it with csvLine) gets `offset` added; every other byte passes through as it was. Rows end at a
 * `\n` outside quotes (RecordScan), so a rejected record's quoted newlines stay inside its row. A byte scan, not a
 * CSV parse and re-write: in an all-rejected file the error rows are several times the input's size.
 */
export function renumberErrorRows(input: Readable, offset: number): Readable {
  if (offset === 0) return input;
  return Readable.from(renumberedBytes(input, offset), { objectMode: false });
}

async function* renumberedBytes(input: AsyncIterable<Buffer | string>, offset: number): AsyncGenerator<Buffer> {
  const scan = new RecordScan();
  const row = { atStart: true, digits: '' };
  for await (const piece of input) {
    const bytes = Buffer.isBuffer(piece) ? piece : Buffer.from(piece);
    scan.load(bytes);
    const out = renumberPiece(bytes, scan, row, offset);
    if (out.length > 0) yield out;
  }
  if (row.digits !== '') yield Buffer.from(row.digits);
}

/**
 * One input piece renumbered, as one buffer (one yield per piece, not per row). `row` carries across pieces
 * whether the next byte starts a row and the digits of a line number the piece boundary cut.
 */
function renumberPiece(bytes: Buffer, scan: RecordScan, row: { atStart: boolean; digits: string }, offset: number): Buffer {
  const parts: Buffer[] = [];
  let pos = 0;
  let copyFrom = 0;
  while (pos < bytes.length) {
    if (row.atStart) {
      const numberEnd = digitsEnd(bytes, pos);
      row.digits += bytes.toString('latin1', pos, numberEnd);
      if (pos > copyFrom) parts.push(bytes.subarray(copyFrom, pos));
      pos = numberEnd;
      copyFrom = pos;
      if (pos === bytes.length) break;
      parts.push(Buffer.from(row.digits !== '' && bytes[pos] === COMMA ? String(Number(row.digits) + offset) : row.digits, 'latin1'));
      row.digits = '';
      row.atStart = false;
    }
    const lf = scan.recordEnd(pos);
    pos = lf === -1 ? bytes.length : lf + 1;
    row.atStart = lf !== -1;
  }
  if (pos > copyFrom) parts.push(bytes.subarray(copyFrom, pos));
  return Buffer.concat(parts);
}

const COMMA = 0x2c;

function digitsEnd(bytes: Buffer, from: number): number {
  let i = from;
  while (i < bytes.length && bytes[i]! >= 0x30 && bytes[i]! <= 0x39) i++;
  return i;
}

/** Body of errors.csv: the header, then each chunk's rows in order. */
export function errorsFileBody(parts: AsyncIterable<Readable>): Readable {
  return errorsFileRun(parts, true);
}

/** A run of consecutive chunks of errors.csv: the header when the run starts the file, then each chunk's rows in order. */
export function errorsFileRun(parts: AsyncIterable<Readable>, startsFile: boolean): Readable {
  async function* bytes(): AsyncGenerator<Buffer> {
    if (startsFile) yield Buffer.from(ERRORS_HEADER);
    for await (const part of parts) {
      for await (const chunk of part) yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    }
  }
  return Readable.from(bytes(), { objectMode: false });
}
