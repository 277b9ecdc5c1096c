/**
 * How a file goes up to S3 from the page: one presigned PUT up to SINGLE_PUT_MAX_BYTES, else a multipart upload whose
 * parts are `File.slice` views read from disk one at a time, so a file of any size never sits in the page's memory.
 */
import { INPUT_SUFFIXES, startsJob } from '../../functions/lib/jobs/input-format.ts';

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

/** Why a file cannot start a job, else undefined. The accepted suffixes, in any case, are the service's own rule. */
export function uploadRefusal(name: string, size: number): string | undefined {
  if (!startsJob(name)) {
    const accepted = INPUT_SUFFIXES.map((e) => e.suffix).join(', ');
    return `"${name}" is not an input the service reads: only files ending in ${accepted} start a batch job.`;
  }
  if (size === 0) return `"${name}" is empty (0 bytes): there is nothing to score.`;
  if (size > MAX_OBJECT_BYTES) return `"${name}" is larger than 5 TiB, S3's largest object.`;
  return undefined;
}

/** The object key for a file dropped with a prefix: the prefix (a trailing `/` added), then the file's own name. */
export function uploadKey(prefix: string, name: string): string {
  const trimmed = prefix.trim().replace(/^\/+/, '');
  return trimmed === '' ? name : `${trimmed.replace(/\/*$/, '/')}${name}`;
}
