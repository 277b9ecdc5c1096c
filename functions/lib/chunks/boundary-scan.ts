import type { ReadRange } from './types.ts';

const LF = 0x0a;
const QUOTE = 0x22;

/**
 * Boundary just past the first `\n` at or after `candidate`, decided from a window [candidate - M, candidate + M)
 * (M = longest valid record): with no `"` in the window, no quoted field can span the candidate (it would lie
 * within one record of ≤ M bytes around it), so that newline ends a record whatever came before.
 * Returns 'ambiguous' when the window holds a quote, null when no newline follows within M bytes (the record is
 * oversized anyway: no boundary here).
 */
export async function windowBoundary(
  candidate: number, size: number, maxRecordBytes: number, readRange: ReadRange,
): Promise<number | null | 'ambiguous'> {
  const from = Math.max(0, candidate - maxRecordBytes);
  const window = await readRange(from, Math.min(size, candidate + maxRecordBytes));
  if (window.includes(QUOTE)) return 'ambiguous';
  const lf = window.indexOf(LF, candidate - from);
  return lf === -1 ? null : from + lf + 1;
}

/**
 * Exact boundaries for ascending candidates: reads the object from byte 0 in blocks, tracking quote parity (the
 * same rule the scorer's RecordSplitter uses), and returns for each candidate the position just past the first
 * unquoted `\n` at or after it (null when none). Memory: one block. IO: up to the last boundary found.
 */
export async function scanBoundaries(
  candidates: readonly number[], size: number, blockBytes: number, readRange: ReadRange,
): Promise<(number | null)[]> {
  const found: (number | null)[] = candidates.map(() => null);
  let next = 0;
  let inQuotes = false;
  for (let offset = 0; offset < size && next < candidates.length; offset += blockBytes) {
    const block = await readRange(offset, Math.min(size, offset + blockBytes));
    for (let i = 0; i < block.length && next < candidates.length;) {
      if (inQuotes) {
        const q = block.indexOf(QUOTE, i);
        if (q === -1) break;
        inQuotes = false;
        i = q + 1;
        continue;
      }
      const q = block.indexOf(QUOTE, i);
      const lf = block.indexOf(LF, Math.max(i, candidates[next] - offset));
      if (q !== -1 && (lf === -1 || q < lf)) { inQuotes = true; i = q + 1; continue; }
      if (lf === -1) break;
      while (next < candidates.length && candidates[next] <= offset + lf) found[next++] = offset + lf + 1;
      i = lf + 1;
    }
  }
  return found;
}
