import { scanBoundaries, windowBoundary } from './boundary-scan.ts';
import { InvalidPlanOptionsError } from './errors.ts';
import type { ByteRange, PlanOptions, ReadRange } from './types.ts';

const DEFAULT_MAX_RECORD_BYTES = 64 * 1024;
const DEFAULT_SCAN_BLOCK_BYTES = 8 * 1024 * 1024;
const WINDOW_READS_AT_ONCE = 8;

/**
 * Byte ranges tiling [0, size), each starting on a record boundary (just past an unquoted `\n`).
 * Candidate cut points are every `chunkBytes` (see chunkSize); each is moved forward to the next record end:
 * 1. cheap and usual: a window of ±maxRecordBytes around every candidate, read in parallel; when no window holds
 *    a `"`, every boundary is certain (see windowBoundary);
 * 2. exact fallback when any window holds a quote: one sequential pass from byte 0 tracking quote parity
 *    (IO up to the last boundary, memory one block). Files with quoted text cost one extra read in Plan.
 * A boundary closer than minBytes to the previous one is dropped (chunks merge); 0-byte objects get no chunks.
 */
export async function planChunks(options: PlanOptions, readRange: ReadRange): Promise<ByteRange[]> {
  const { size } = options;
  checkOptions(options);
  if (size === 0) return [];
  const chunkBytes = chunkSize(options);
  const candidates: number[] = [];
  for (let c = chunkBytes; c < size; c += chunkBytes) candidates.push(c);
  const boundaries = await findBoundaries(candidates, options, readRange);
  return toRanges(boundaries, size, options.minBytes);
}

async function findBoundaries(candidates: number[], options: PlanOptions, readRange: ReadRange): Promise<(number | null)[]> {
  const maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  const windows: (number | null | 'ambiguous')[] = [];
  for (let i = 0; i < candidates.length; i += WINDOW_READS_AT_ONCE) {
    const batch = candidates.slice(i, i + WINDOW_READS_AT_ONCE);
    windows.push(...await Promise.all(batch.map((c) => windowBoundary(c, options.size, maxRecordBytes, readRange))));
    if (windows.includes('ambiguous')) {
      return scanBoundaries(candidates, options.size, options.scanBlockBytes ?? DEFAULT_SCAN_BLOCK_BYTES, readRange);
    }
  }
  return windows as (number | null)[];
}

/**
 * max(targetBytes, minBytes, size / maxChunks); but an object the parallel chunks could take at once
 * (size < parallelism × targetBytes) is split evenly into as many chunks as parallelism allows without going under
 * minBytes, so no chunk is left as a small tail that would be scored after the others.
 */
export function chunkSize(options: PlanOptions): number {
  const { size, targetBytes, minBytes, maxChunks } = options;
  const smallest = Math.max(minBytes, Math.ceil(size / maxChunks));
  const parallelism = options.parallelism ?? 1;
  if (parallelism > 1 && size < parallelism * targetBytes) {
    const chunks = Math.max(1, Math.min(parallelism, Math.floor(size / smallest)));
    return Math.max(smallest, Math.ceil(size / chunks));
  }
  return Math.max(targetBytes, smallest);
}

function toRanges(boundaries: readonly (number | null)[], size: number, minBytes: number): ByteRange[] {
  const starts = [0];
  for (const b of boundaries) {
    if (b === null || b >= size || b - starts[starts.length - 1] < minBytes) continue;
    starts.push(b);
  }
  return starts.map((start, index) => ({ index, start, end: starts[index + 1] ?? size }));
}

function checkOptions(o: PlanOptions): void {
  const positive = (n: number | undefined) => n === undefined || (Number.isInteger(n) && n > 0);
  if (!Number.isInteger(o.size) || o.size < 0) throw new InvalidPlanOptionsError(`size must be a non-negative integer, got ${o.size}`);
  for (const key of ['targetBytes', 'minBytes', 'maxChunks', 'maxRecordBytes', 'scanBlockBytes', 'parallelism'] as const) {
    if (!positive(o[key])) throw new InvalidPlanOptionsError(`${key} must be a positive integer, got ${o[key]}`);
  }
}
