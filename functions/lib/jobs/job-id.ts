import { createHash } from 'node:crypto';

/** Job ids are 24 lowercase hex chars (96 bits of sha256): short, URL-safe, collision-safe at our scale. */
export const JOB_ID_PATTERN = /^[0-9a-f]{24}$/;

const EXECUTION_NAME_MAX = 80;

export interface ObjectIdentity {
  bucket: string;
  key: string;
  /** Quotes, if any, are ignored: S3 events send the ETag bare, HeadObject sends it quoted. */
  etag: string;
  versionId?: string | null;
}

/** S3 events carry the ETag without quotes, HeadObject/GetObject with them; compare and store them bare. */
export function bareEtag(etag: string): string {
  return etag.replace(/^"+|"+$/g, '');
}

/**
 * One object version = one job. The version (or, in unversioned buckets, the ETag) is part of the identity, so a
 * duplicate event for the same upload maps to the same job, and a re-upload of the key maps to a new one.
 */
export function deriveJobId(object: ObjectIdentity): string {
  const version = object.versionId ?? bareEtag(object.etag);
  // NUL separators: no bucket/key/version concatenation can be ambiguous (S3 keys cannot contain NUL... nor can
  // bucket names), so "a"+"bc" and "ab"+"c" hash differently.
  return createHash('sha256').update(`${object.bucket}\u0000${object.key}\u0000${version}`).digest('hex').slice(0, 24);
}

/**
 * Step Functions execution name: deterministic (a second StartExecution with the same name is refused, which makes
 * duplicate events harmless), ≤ 80 chars, only `[A-Za-z0-9-_]`. A readable tail of the key helps in the console;
 * the job id makes it unique.
 */
export function deriveExecutionName(key: string, jobId: string): string {
  const room = EXECUTION_NAME_MAX - jobId.length - 1;
  const baseName = key.split('/').pop() ?? '';
  const readable = baseName
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-|-$/g, '')
    .slice(-room);
  return readable ? `${readable}-${jobId}` : jobId;
}

/** The job id an execution name ends with (`deriveExecutionName`), or undefined for a name not made that way. */
export function jobIdOfExecutionName(name: string): string | undefined {
  const jobId = name.slice(-24);
  return JOB_ID_PATTERN.test(jobId) && (name.length === 24 || name[name.length - 25] === '-') ? jobId : undefined;
}
