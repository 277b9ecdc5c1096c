/**
 * How a file goes up to S3 from the page: one presigned PUT up to SINGLE_PUT_MAX_BYTES, else a multipart upload whose
 * parts are `File.slice` views read from disk one at a time, so a file of any size never sits in the page's memory.
 */
const MiB = 1024 * 1024;
export const SINGLE_PUT_MAX_BYTES = 16 * MiB;
/** S3's limits: parts of at least 5 MiB (all but the last), at most 10,000 parts, objects up to 5 TiB. */
export const MIN_PART_BYTES = 5 * MiB;
export const MAX_PARTS = 10_000;
export const MAX_OBJECT_BYTES = 5 * 1024 * 1024 * MiB;
export const DEFAULT_PART_BYTES = 8 * MiB;

export interface PartRange {
  partNumber: number;
  start: number;
  end: number;
}

export type UploadPlan = { kind: 'single' } | { kind: 'multipart'; partBytes: number; parts: number };

export function planUpload(size: number, partBytes = DEFAULT_PART_BYTES): UploadPlan {
  if (size <= SINGLE_PUT_MAX_BYTES) return { kind: 'single' };
  // Whole MiB, grown past 8 MiB only when the file would need more than 10,000 parts.
  const needed = Math.max(partBytes, MIN_PART_BYTES, Math.ceil(size / MAX_PARTS / MiB) * MiB);
  return { kind: 'multipart', partBytes: needed, parts: Math.ceil(size / needed) };
}

/** The byte range of part `partNumber` (1-based), for `file.slice(start, end)`. */
export function partRange(size: number, partBytes: number, partNumber: number): PartRange {
  const start = (partNumber - 1) * partBytes;
  return { partNumber, start, end: Math.min(size, start + partBytes) };
}

/** Why a file cannot start a job, else undefined. The input bucket's trigger takes `*.csv` keys in any case. */
export function uploadRefusal(name: string, size: number): string | undefined {
  if (!/\.csv$/i.test(name))
    return `"${name}" is not a CSV file: only keys ending in .csv start a batch job. Export it as CSV and try again.`;
  if (size === 0) return `"${name}" is empty (0 bytes): there is nothing to score.`;
  if (size > MAX_OBJECT_BYTES) return `"${name}" is larger than 5 TiB, S3's largest object.`;
  return undefined;
}

/** The object key for a file dropped with a prefix: the prefix (a trailing `/` added), then the file's own name. */
export function uploadKey(prefix: string, name: string): string {
  const trimmed = prefix.trim().replace(/^\/+/, '');
  return trimmed === '' ? name : `${trimmed.replace(/\/*$/, '/')}${name}`;
}
