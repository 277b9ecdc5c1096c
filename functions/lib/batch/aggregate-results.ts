import type { ChunkRef, ChunkResult } from '../jobs/types.ts';
import { settleChunks } from '../chunks/settle-chunks.ts';
import type { MisplacedChunk } from '../chunks/settle-chunks.ts';
import { AccountingError } from './errors.ts';
import type { ShadowCounts } from './csv-port.ts';
import type { ChunkTotals } from './types.ts';

/** Results in chunk order; refuses gaps and duplicates (Map output is ordered, but never trust, verify). */
export function orderResults(results: readonly ChunkResult[]): ChunkResult[] {
  const ordered = [...results].sort((a, b) => a.index - b.index);
  ordered.forEach((result, position) => {
    if (result.index !== position) {
      throw new AccountingError(`chunk results are incomplete: expected chunk ${position}, found ${result.index}`);
    }
  });
  return ordered;
}

/** Totals over all chunks, after checking each chunk's own books: rowsIn = rowsScored + rowsRejected. */
export function totalResults(results: readonly ChunkResult[]): ChunkTotals {
  const totals: ChunkTotals = { chunks: 0, rowsIn: 0, rowsScored: 0, rowsRejected: 0, scoredBytes: 0, errorsBytes: 0 };
  for (const r of results) {
    if (r.rowsIn !== r.rowsScored + r.rowsRejected) {
      throw new AccountingError(
        `chunk ${r.index} lost rows: rowsIn ${r.rowsIn} ≠ rowsScored ${r.rowsScored} + rowsRejected ${r.rowsRejected}`,
      );
    }
    totals.chunks += 1;
    totals.rowsIn += r.rowsIn;
    totals.rowsScored += r.rowsScored;
    totals.rowsRejected += r.rowsRejected;
    totals.scoredBytes += r.scoredBytes;
    totals.errorsBytes += r.errorsBytes;
    if (r.shadow) totals.shadow = addShadowCounts(totals.shadow, r.shadow, r);
  }
  if (totals.rowsIn !== totals.rowsScored + totals.rowsRejected) {
    throw new AccountingError(`rows lost: rowsIn ${totals.rowsIn} ≠ ${totals.rowsScored} scored + ${totals.rowsRejected} rejected`);
  }
  return totals;
}

/** A chunk's shadow counts added to the totals so far; the shadow must have scored exactly the chunk's scored rows. */
function addShadowCounts(total: ShadowCounts | undefined, chunk: ShadowCounts, r: ChunkResult): ShadowCounts {
  if (chunk.rows !== r.rowsScored) {
    throw new AccountingError(`chunk ${r.index}'s shadow model scored ${chunk.rows} rows, the model ${r.rowsScored}`);
  }
  const sums: ShadowCounts = { rows: (total?.rows ?? 0) + chunk.rows, agreeing: (total?.agreeing ?? 0) + chunk.agreeing };
  if (chunk.absoluteDifference !== undefined) {
    // null (a difference that was not a finite number) stays null: no mean can be given then.
    const before = total === undefined ? 0 : total.absoluteDifference;
    sums.absoluteDifference = before == null || chunk.absoluteDifference === null ? null : before + chunk.absoluteDifference;
  }
  return sums;
}

/** Line offset of each chunk: how many physical lines precede it in the file (added to chunk-relative lines). */
export function chunkLineOffsets(results: readonly ChunkResult[]): number[] {
  const offsets: number[] = [];
  let seen = 0;
  for (const r of results) {
    offsets.push(seen);
    seen += r.lines;
  }
  return offsets;
}

/**
 * The chunk results against their nominal ranges (settle-chunks.ts): one result per range, in order, and each
 * chunk's records beginning at its exact start. Returns the misplaced chunks to score again (none: the results are
 * the file's rows). A chunk whose records end anywhere but where the next chunk's begin is a bug: the job fails with
 * that reason instead of SUCCEEDING with rows missing or doubled.
 */
export function misplacedChunks(
  ranges: readonly ChunkRef[],
  results: readonly ChunkResult[],
  size: number,
  maxRecordBytes: number,
): MisplacedChunk[] {
  checkChunksCoverObject(ranges, size);
  if (results.length !== ranges.length) throw new AccountingError(`${results.length} chunk results for ${ranges.length} planned chunks`);
  results.forEach((r, i) => {
    if (r.index !== i) throw new AccountingError(`chunk result ${r.index} where chunk ${i} was expected`);
  });
  const settled = settleChunks(ranges, results, size, maxRecordBytes);
  if (settled.ok) return [];
  if ('broken' in settled) throw new AccountingError(`${settled.broken}: the chunks' rows are not the file's rows`);
  return settled.misplaced;
}

/** The first results with the re-scored chunks' results in their places. */
export function replaceResults(results: readonly ChunkResult[], rescored: readonly ChunkResult[]): ChunkResult[] {
  const merged = [...results];
  for (const r of rescored) {
    if (merged[r.index]?.index !== r.index) throw new AccountingError(`re-scored chunk ${r.index} was never planned`);
    merged[r.index] = r;
  }
  return merged;
}

/** The plan's ranges must tile [0, size) exactly: no byte skipped, none read twice. */
export function checkChunksCoverObject(chunks: readonly ChunkRef[], size: number): void {
  let expected = 0;
  chunks.forEach((chunk, i) => {
    if (chunk.index !== i || chunk.start !== expected || chunk.end <= chunk.start) {
      throw new AccountingError(`chunk plan does not tile the object at chunk ${i}`);
    }
    expected = chunk.end;
  });
  if (expected !== size) throw new AccountingError(`chunk plan covers ${expected} of ${size} bytes`);
}
