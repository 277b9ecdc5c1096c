import { InvalidPlanOptionsError } from './errors.ts';
import { SegmentScanner, stitchBoundaries } from './segment-scan.ts';
import type { SegmentScan } from './segment-scan.ts';
import type { ByteRange, OpenRange, PlanOptions } from './types.ts';

const DEFAULT_READS_AT_ONCE = 8;

/**
 * Byte ranges tiling [0, size), each starting on a record boundary (just past an unquoted `\n`), exactly: the
 * chunked records are the one-chunk records whatever the file holds (quoted fields of any length, quotes that
 * never close). Candidate cut points are every `chunkBytes` (see chunkSize); the object is read once, as the
 * segments between candidates, several at once, each streamed through a SegmentScanner (memory: the reads in
 * flight); the scans are stitched into each candidate's next record boundary. A boundary closer than minBytes to
 * the previous one is dropped (chunks merge); none at all after a cut (an unclosed quote) merges the rest into one
 * chunk. 0-byte objects get no chunks; an object of one candidate chunk is not read.
 */
export async function planChunks(options: PlanOptions, openRange: OpenRange): Promise<ByteRange[]> {
  const { size } = options;
  checkOptions(options);
  if (size === 0) return [];
  const chunkBytes = chunkSize(options);
  const cuts = [0];
  for (let c = chunkBytes; c < size; c += chunkBytes) cuts.push(c);
  if (cuts.length === 1) return [{ index: 0, start: 0, end: size }];
  const segments = cuts.map((start, j) => [start, cuts[j + 1] ?? size] as const);
  const scans = await mapAtMost(options.readsAtOnce ?? DEFAULT_READS_AT_ONCE, segments, ([s, e]) => scanSegment(s, e, openRange));
  return toRanges(stitchBoundaries(scans), size, options.minBytes);
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

/** Runs `task` over `items` with at most `limit` running at once; results in item order. */
async function mapAtMost<T, R>(limit: number, items: readonly T[], task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
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
  for (const key of ['targetBytes', 'minBytes', 'maxChunks', 'readsAtOnce', 'parallelism'] as const) {
    if (!positive(o[key])) throw new InvalidPlanOptionsError(`${key} must be a positive integer, got ${o[key]}`);
  }
}
