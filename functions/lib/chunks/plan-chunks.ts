import { mapAtMost } from '../map-at-most.ts';
import { InvalidPlanOptionsError } from './errors.ts';
import { SegmentScanner, stitchBoundaries } from './segment-scan.ts';
import type { SegmentScan } from './segment-scan.ts';
import type { ByteRange, ChunkPlan, OpenRange, PlanOptions, PlanSource } from './types.ts';
import { windowCuts } from './window-cuts.ts';

const DEFAULT_READS_AT_ONCE = 8;

/**
 * Byte ranges tiling [0, size), each starting just past a `\n`. Candidate cut points are every `chunkBytes` (see
 * chunkSize); each is moved forward to the next record boundary, in one of two ways:
 * 1. presumed (cheap, the usual case): quote-free windows around every cut (windowCuts). A quoted field longer
 *    than a window could still span a cut; the chunks' own parse reveals that and the workflow re-plans exactly.
 * 2. exact, when a window holds a quote or `exact` is asked: the object is read once, as the segments between
 *    candidates, several streamed at once, each through a SegmentScanner; stitching their quote parities gives
 *    every cut's true next record boundary (a quoted field of any length, a quote that never closes: cut nowhere).
 * A boundary closer than minBytes to the previous one is dropped (chunks merge). 0-byte objects get no chunks; an
 * object of one candidate chunk is not read.
 */
export async function planChunks(options: PlanOptions, source: PlanSource): Promise<ChunkPlan> {
  const { size } = options;
  checkOptions(options);
  if (size === 0) return { chunks: [], exact: true };
  const chunkBytes = chunkSize(options);
  const candidates: number[] = [];
  for (let c = chunkBytes; c < size; c += chunkBytes) candidates.push(c);
  if (candidates.length === 0) return { chunks: [{ index: 0, start: 0, end: size }], exact: true };
  const presumed = options.exact ? null : await windowCuts(candidates, size, options.maxRecordBytes, source.readRange);
  if (presumed) return { chunks: toRanges(presumed, size, options.minBytes), exact: false };
  const segments = [0, ...candidates].map((start, j) => [start, candidates[j] ?? size] as const);
  const scans = await mapAtMost(options.readsAtOnce ?? DEFAULT_READS_AT_ONCE, segments, ([s, e]) => scanSegment(s, e, source.openRange));
  return { chunks: toRanges(stitchBoundaries(scans), size, options.minBytes), exact: true };
}

async function scanSegment(start: number, end: number, openRange: OpenRange): Promise<SegmentScan> {
  const scanner = new SegmentScanner(start);
  let seen = 0;
  for await (const piece of await openRange(start, end)) {
    scanner.push(piece);
    seen += piece.length;
  }
  // A short read would make every later cut wrong: refuse rather than guess.
  if (seen !== end - start) throw new Error(`read ${seen} bytes of the range [${start}, ${end})`);
  return scanner.result();
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
  for (const key of ['targetBytes', 'minBytes', 'maxChunks', 'maxRecordBytes', 'readsAtOnce', 'parallelism'] as const) {
    if (!positive(o[key])) throw new InvalidPlanOptionsError(`${key} must be a positive integer, got ${o[key]}`);
  }
}
