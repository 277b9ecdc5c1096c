import type { SegmentScan } from './segment-scan.ts';
import { stitchBoundaries } from './segment-scan.ts';
import { chunkReadEnd } from './chunk-records.ts';
import type { ByteRange } from './types.ts';

/** What the finalizer needs from each chunk's result to check where its records began and ended. */
export interface ChunkSettlement {
  index: number;
  /** Where its records began (null: it owned none). */
  recordsFrom: number | null;
  /** Just past its last record; null when it stopped reading inside an over-long record. */
  recordsTo: number | null;
  segment: SegmentScan;
}

/** A chunk to score again from its exact first record (null: it owns no record). */
export interface MisplacedChunk extends ByteRange {
  recordsFrom: number | null;
}

export type Settled = { ok: true } | { ok: false; misplaced: MisplacedChunk[] } | { ok: false; broken: string };

/**
 * Checks the chunks' speculated starts against the exact ones, stitched from their own range scans
 * (segment-scan.ts): chunk 0 starts at 0; chunk j's exact start is just past the first `\n` outside quotes at or
 * after its range's start, given the quote parity of everything before it. A chunk owns the records beginning in
 * [exact start, range end], so one whose exact start lies past its range (or at the end of the object) owns none.
 * A chunk that began elsewhere is misplaced: it is scored again from its exact start. A chunk that began right
 * must end exactly where the next one's records begin, or, having stopped inside a record, that record must run
 * past where the chunk reads (chunkReadEnd); anything else is a bug in the chunk's parse (`broken`), never silently accepted.
 */
export function settleChunks(
  ranges: readonly ByteRange[],
  results: readonly ChunkSettlement[],
  size: number,
  maxRecordBytes: number,
): Settled {
  const exact = exactStarts(results.map((r) => r.segment));
  const misplaced: MisplacedChunk[] = [];
  for (const [j, range] of ranges.entries()) {
    const result = results[j];
    const start = exact[j];
    const owns = start !== null && start <= range.end && start < size;
    if (owns ? result.recordsFrom !== start : result.recordsFrom !== null) {
      misplaced.push({ ...range, recordsFrom: owns ? start : null });
      continue;
    }
    if (!owns) continue;
    const next = j === ranges.length - 1 ? size : (exact[j + 1] ?? size);
    // A chunk reads up to chunkReadEnd: it stops inside a record only when that record runs past it.
    const stoppedInsideLongRecord = result.recordsTo === null && next > chunkReadEnd({ ...range, size }, maxRecordBytes);
    if (result.recordsTo !== next && !stoppedInsideLongRecord) {
      return { ok: false, broken: `chunk ${j}'s records end at byte ${result.recordsTo}, but the next records begin at byte ${next}` };
    }
  }
  return misplaced.length === 0 ? { ok: true } : { ok: false, misplaced };
}

/** Exact first-record offset of each chunk, from the scans of their ranges (null: no record starts after it). */
export function exactStarts(segments: readonly SegmentScan[]): (number | null)[] {
  return segments.length === 0 ? [] : [0, ...stitchBoundaries(segments)];
}
