import type { AssemblyMethod, PartObject } from './types.ts';

/** S3 multipart limits: every part but the last ≥ 5 MiB, at most 10,000 parts. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;
const MAX_PARTS = 10_000;
/** CopyObject's single-request limit. */
const MAX_COPY_OBJECT_BYTES = 5 * 1024 ** 3;

/**
 * Server-side copy when S3 allows it for these parts — no data passes the Lambda: one part is a CopyObject, several
 * an UploadPartCopy each — else a streamed concatenation. Empty parts are dropped first: they add nothing and would
 * break the size rule.
 */
export function chooseAssemblyMethod(parts: readonly PartObject[]): AssemblyMethod {
  const nonEmpty = parts.filter((p) => p.bytes > 0);
  if (nonEmpty.length === 1 && nonEmpty[0]!.bytes <= MAX_COPY_OBJECT_BYTES) return 'copy-object';
  if (nonEmpty.length < 2 || nonEmpty.length > MAX_PARTS) return 'stream';
  const allButLastBigEnough = nonEmpty.slice(0, -1).every((p) => p.bytes >= MIN_PART_BYTES);
  return allButLastBigEnough ? 'copy' : 'stream';
}
