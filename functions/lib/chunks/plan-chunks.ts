import { InvalidPlanOptionsError } from './errors.ts';
import type { ByteRange, PlanOptions } from './types.ts';

/**
 * The chunks' nominal ranges: [0, size) cut every chunkSize bytes, without reading a byte. Each chunk settles its
 * own first record while it reads (chunk-records.ts), and the finalizer checks them all (settle-chunks.ts), so no
 * single invocation reads the whole object to place the cuts. 0-byte objects get no chunks.
 */
export function planChunks(options: PlanOptions): ByteRange[] {
  checkOptions(options);
  return nominalRanges(options.size, chunkSize(options));
}

/** [0, size) cut every chunkBytes (the last range takes the rest). */
export function nominalRanges(size: number, chunkBytes: number): ByteRange[] {
  const ranges: ByteRange[] = [];
  for (let start = 0, index = 0; start < size; start += chunkBytes, index++) {
    ranges.push({ index, start, end: Math.min(size, start + chunkBytes) });
  }
  return ranges;
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

function checkOptions(o: PlanOptions): void {
  const positive = (n: number | undefined) => n === undefined || (Number.isInteger(n) && n > 0);
  if (!Number.isInteger(o.size) || o.size < 0) throw new InvalidPlanOptionsError(`size must be a non-negative integer, got ${o.size}`);
  for (const key of ['targetBytes', 'minBytes', 'maxChunks', 'parallelism'] as const) {
    if (!positive(o[key])) throw new InvalidPlanOptionsError(`${key} must be a positive integer, got ${o[key]}`);
  }
}
