import type { OutputKeys } from './types.ts';
import { UnsafeKeyError } from './errors.ts';
import { INPUT_SUFFIXES, inputFormat } from './input-format.ts';

/** Prefix of the per-job temporary objects in the output bucket (a lifecycle rule expires leftovers). */
export const TEMP_PREFIX = '_tmp/';

/**
 * Output keys mirror the input key: `a/b.csv` → `a/b.scored.csv`, `a/b.errors.csv`, `a/b.summary.json`; the
 * scored output keeps the input's format suffix (input-format.ts: `a/b.CSV.gz` → `a/b.scored.csv.gz`, `a/b.ndjson`
 * → `a/b.scored.ndjson`), errors and summary are plain for every format.
 *
 * Keys are S3 keys, not paths: they are never passed through `path.join`/`normalize`, so `..` segments stay literal
 * characters of the key (as S3 treats them) and cannot climb anywhere. What could break the mirror is refused:
 * a leading `/` (an empty first segment), control characters, a key that would land in our `_tmp/` prefix, or one
 * whose output key would exceed S3's 1024-byte limit.
 */
export function deriveOutputKeys(inputKey: string): OutputKeys {
  assertMirrorableKey(inputKey);
  const format = inputFormat(inputKey);
  const stem = format ? inputKey.slice(0, inputKey.length - format.suffix.length) : inputKey;
  const keys = {
    scored: `${stem}${format ? format.scoredSuffix : '.scored.csv'}`,
    errors: `${stem}.errors.csv`,
    summary: `${stem}.summary.json`,
  };
  for (const key of Object.values(keys)) {
    if (Buffer.byteLength(key) > 1024) throw new UnsafeKeyError('output key would exceed 1024 bytes');
  }
  return keys;
}

export function assertMirrorableKey(key: string): void {
  if (key.length === 0) throw new UnsafeKeyError('empty object key');
  if (key.startsWith('/')) throw new UnsafeKeyError('object key starts with "/"');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this check refuses
  if (/[\u0000-\u001f\u007f]/.test(key)) throw new UnsafeKeyError('object key contains control characters');
  if (key.startsWith(TEMP_PREFIX)) throw new UnsafeKeyError(`object key is in the reserved "${TEMP_PREFIX}" prefix`);
}

/**
 * Deterministic temp keys: a retried chunk overwrites its own objects, so retries are idempotent. A Parquet chunk's
 * scored part is column chunk bytes (`.bin`).
 */
export function chunkTempKeys(
  jobId: string,
  index: number,
  scoredExtension: 'csv' | 'bin' = 'csv',
): { scoredKey: string; errorsKey: string } {
  const part = String(index).padStart(5, '0');
  return {
    scoredKey: `${TEMP_PREFIX}${jobId}/scored-${part}.${scoredExtension}`,
    errorsKey: `${TEMP_PREFIX}${jobId}/errors-${part}.csv`,
  };
}

/**
 * Deterministic temp key of one group of errors.csv (chunk errors renumbered to file lines): a retried group
 * overwrites its own object. Zero padded as the chunk keys, so a listing sorts in file order.
 */
export function errorsGroupKey(jobId: string, index: number): string {
  return `${TEMP_PREFIX}${jobId}/errors-group-${String(index).padStart(5, '0')}.csv`;
}

/** The plain copy of a gzip input that Plan inflates, which the chunks then read by byte range. */
export function inflatedInputKey(jobId: string): string {
  return `${TEMP_PREFIX}${jobId}/input`;
}

export function jobTempPrefix(jobId: string): string {
  return `${TEMP_PREFIX}${jobId}/`;
}

/** A Parquet chunk's scored row groups' metadata (JSON, offsets relative to its scored part), for Finalize. */
export function chunkRowGroupsKey(jobId: string, index: number): string {
  return `${TEMP_PREFIX}${jobId}/row-groups-${String(index).padStart(5, '0')}.json`;
}

/** The scored Parquet file's first and last bytes (magic; footer), assembled around the chunks' parts by Finalize. */
export function parquetEndsKeys(jobId: string): { headKey: string; footerKey: string } {
  return { headKey: `${TEMP_PREFIX}${jobId}/scored-head.bin`, footerKey: `${TEMP_PREFIX}${jobId}/scored-footer.bin` };
}

/** The chunk manifest Plan writes (a JSON array of ChunkRef: the Map state's ItemReader reads it). */
export function chunkManifestKey(jobId: string): string {
  return `${TEMP_PREFIX}${jobId}/chunks.json`;
}

/** The manifest of error groups Finalize writes for the renumbering Map state (a JSON array of ErrorGroup). */
export function errorGroupsManifestKey(jobId: string): string {
  return `${TEMP_PREFIX}${jobId}/error-groups.json`;
}

/** The manifest of misplaced chunks Finalize writes for the re-scoring Map state. */
export function rescoreManifestKey(jobId: string): string {
  return `${TEMP_PREFIX}${jobId}/rescore.json`;
}

/** Where the Map states' ResultWriter puts each map run's results (`<prefix>/<map run id>/`); expired with `_tmp/`. */
export const MAP_RESULTS_PREFIX = `${TEMP_PREFIX}map-runs`;

/**
 * Key patterns of the output bucket the handlers delete: a job's temp objects, and the scored/errors outputs of
 * every format (derived as the handlers derive them). The stack's IAM grant and its cdk-nag acknowledgement use it.
 */
export function deletableOutputPatterns(): string[] {
  const outputs = INPUT_SUFFIXES.map((e) => deriveOutputKeys(`*${e.suffix}`));
  return [`${TEMP_PREFIX}*`, ...new Set(outputs.flatMap((o) => [o.scored, o.errors]))];
}
