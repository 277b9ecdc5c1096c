import type { ChunkRef, ChunkResult } from '../jobs/types.ts';
import { AccountingError, ChunkCutInsideRecordError } from './errors.ts';
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
  }
  if (totals.rowsIn !== totals.rowsScored + totals.rowsRejected) {
    throw new AccountingError(`rows lost: rowsIn ${totals.rowsIn} ≠ ${totals.rowsScored} scored + ${totals.rowsRejected} rejected`);
  }
  return totals;
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
 * The planned chunks and their results (in order) must tile [0, size) on record boundaries, or their rows are not the file's rows:
 * ranges contiguous from 0 to size, each read whole, and every chunk but the last ended just past a record
 * terminator outside quotes. A chunk ending inside a record means its cut was wrong: with presumed cuts that is the
 * known limit of the windows (ChunkCutInsideRecordError: the workflow re-plans exactly); with exact cuts it is a
 * bug, and the job fails with this reason instead of SUCCEEDING with rows missing.
 */
export function checkResultsTileObject(
  chunks: readonly ChunkRef[],
  results: readonly ChunkResult[],
  size: number,
  exactCuts: boolean,
): void {
  checkChunksCoverObject(chunks, size);
  if (results.length !== chunks.length) throw new AccountingError(`${results.length} chunk results for ${chunks.length} planned chunks`);
  for (const [i, r] of results.entries()) {
    const { start, end } = chunks[i];
    if (r.index !== i) throw new AccountingError(`chunk result ${r.index} where chunk ${i} was expected`);
    if (r.bytes !== end - start) throw new AccountingError(`chunk ${i} read ${r.bytes} of the ${end - start} bytes in its range`);
    if (i < results.length - 1 && !r.endsOnRecordBoundary) {
      const where = `chunk ${i} (bytes ${start}-${end}) does not end on a record boundary`;
      if (!exactCuts) throw new ChunkCutInsideRecordError(`${where}: a quoted field spans its cut; planning exact cuts`);
      throw new AccountingError(`${where}: the cut fell inside a record, so the chunks' rows are not the file's rows`);
    }
  }
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
