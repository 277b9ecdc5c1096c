import { QUOTE, firstRecordEnd } from '../csv/record/record-scan.ts';
import type { ReadRange } from './types.ts';

const WINDOW_READS_AT_ONCE = 8;

/**
 * The cheap, presumed cuts: for each candidate, a window [c − M, c + M) is read (M = longest valid record, 8 windows
 * at once) and the cut is placed just past the first `\n` at or after c. When no window holds a `"`, that newline
 * ends a record unless a quoted field longer than M spans the window, which the chunks' own parse then reveals (a
 * chunk ending inside quotes; see checkResultsTileObject) and an exact plan repairs. Returns null as soon as any
 * window holds a quote: the caller plans exactly instead. A window without a newline after c gives no cut there.
 */
export async function windowCuts(
  candidates: readonly number[],
  size: number,
  maxRecordBytes: number,
  readRange: ReadRange,
): Promise<(number | null)[] | null> {
  const cuts: (number | null)[] = [];
  for (let i = 0; i < candidates.length; i += WINDOW_READS_AT_ONCE) {
    const batch = candidates.slice(i, i + WINDOW_READS_AT_ONCE);
    const found = await Promise.all(batch.map((c) => windowCut(c, size, maxRecordBytes, readRange)));
    if (found.includes('quoted')) return null;
    cuts.push(...(found as (number | null)[]));
  }
  return cuts;
}

async function windowCut(candidate: number, size: number, maxRecordBytes: number, readRange: ReadRange): Promise<number | null | 'quoted'> {
  const from = Math.max(0, candidate - maxRecordBytes);
  const window = await readRange(from, Math.min(size, candidate + maxRecordBytes));
  if (window.includes(QUOTE)) return 'quoted';
  // No quote in the window: the quote state at the candidate is presumed "outside" (see above).
  const end = firstRecordEnd(window, candidate - from);
  return end === -1 ? null : from + end;
}
