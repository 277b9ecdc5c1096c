/**
 * An independent oracle for where records begin: one sequential RecordScan over the whole file from byte 0 (the
 * record rule of record-scan.ts, with the quote state known everywhere), for the chunk tests to check the chunks'
 * speculated and stitched starts against. And random files built to break them.
 */
import { RecordScan } from '../../../../../functions/lib/csv/record/record-scan.ts';
import type { Random } from '../../../../property/chunking-property.ts';

/** 0 and the offset just past every record terminator, in order (the last may be the file's size). */
export function recordBoundaries(file: Buffer): number[] {
  const scan = new RecordScan();
  scan.load(file);
  const boundaries = [0];
  for (let lf = scan.recordEnd(0); lf !== -1; lf = scan.recordEnd(lf + 1)) boundaries.push(lf + 1);
  return boundaries;
}

/** The exact first record of a chunk starting at `start`: 0 for chunk 0, else the first boundary past `start` (null: none). */
export function exactStartAfter(boundaries: readonly number[], start: number): number | null {
  if (start === 0) return 0;
  return boundaries.find((b) => b > start) ?? null;
}

/**
 * A chunk's speculated first record, by a byte loop: 0 at byte 0; else just past the first newline in [start, end)
 * with the quotes counted from `start` as if it were outside quotes (null: none, or it is the file's end).
 */
export function speculatedStart(file: Buffer, start: number, end: number): number | null {
  if (start === 0) return 0;
  let quoted = false;
  for (let i = start; i < end; i++) {
    if (file[i] === 0x22) quoted = !quoted;
    else if (file[i] === 0x0a && !quoted) return i + 1 < file.length ? i + 1 : null;
  }
  return null;
}

const PARTS = ['1', ',', 'ab', '"', '""', '\n', '\n', '\r\n', '"x\ny"', '"\n\n"', ',"a,""b""\n"'];

/** About `parts` random CSV fragments: quotes (unbalanced too), quoted newlines, doubled quotes, CRLF, blank lines. */
export function randomCsv(random: Random, parts: number): Buffer {
  let text = '';
  for (let k = 0; k < parts; k++) text += PARTS[random(PARTS.length)];
  return Buffer.from(text);
}
