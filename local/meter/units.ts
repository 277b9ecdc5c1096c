/**
 * How AWS turns requests into billable units, one rule per function (the meter applies them; tests check them).
 * Each rule names the page that states it; prices are not the meter's business (bench/lib/cost.ts prices its units).
 */

/** S3 request price classes (https://aws.amazon.com/s3/pricing/, "Requests & data retrievals"). */
export type S3PriceClass = 'putCopyPostList' | 'getSelectOther' | 'free';

export interface S3RequestShape {
  method: string;
  /** The request names an object (path-style `/bucket/key`), not only a bucket. */
  hasKey: boolean;
  query: URLSearchParams;
}

/**
 * PUT, COPY, POST and LIST requests are the dearer class; DELETE (and multi-object delete, a POST of `?delete`) and
 * aborting a multipart upload are free; GET, SELECT, HEAD and every other request are the cheaper class. A LIST is
 * a GET on a bucket (ListObjects, ListMultipartUploads) or of an upload's parts (ListParts), or ListBuckets.
 */
export function s3PriceClass(request: S3RequestShape): S3PriceClass {
  const { method, hasKey, query } = request;
  if (method === 'DELETE') return 'free';
  if (method === 'POST' && !hasKey && query.has('delete')) return 'free';
  if (method === 'PUT' || method === 'POST') return 'putCopyPostList';
  if (method === 'GET' && isList(hasKey, query)) return 'putCopyPostList';
  return 'getSelectOther';
}

const BUCKET_GET_CONFIG = ['location', 'versioning', 'cors', 'website', 'tagging', 'policy', 'acl', 'lifecycle', 'encryption'];

function isList(hasKey: boolean, query: URLSearchParams): boolean {
  if (hasKey) return query.has('uploadId');
  return !BUCKET_GET_CONFIG.some((name) => query.has(name));
}

/**
 * Lambda bills each invocation's duration rounded up to 1 ms, and since 2025-08-01 the INIT phase of on-demand
 * functions too (https://aws.amazon.com/lambda/pricing/): an invocation that cold-started is billed init + duration.
 */
export function lambdaBilledMs(durationMs: number, initDurationMs = 0): number {
  return Math.max(1, Math.ceil(durationMs + initDurationMs));
}

/** GB-seconds of a billed duration at a memory size (Lambda and Express both bill GB-s; 1 GB = 1024 MB). */
export function gbSeconds(billedMs: number, memoryMB: number): number {
  return (billedMs / 1000) * (memoryMB / 1024);
}

/** Lambda's one full vCPU comes at 1,769 MB; below it, CPU share is proportional to memory (https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html). */
export const FULL_VCPU_MB = 1769;

/**
 * The duration an invocation would take at `memoryMB` on Lambda, from its local wall time and CPU time: the CPU part
 * stretched by 1769 / memory (never shrunk: one local core is taken as one vCPU), the rest (waiting on I/O) as is.
 * An assumption, stated beside every figure that uses it: local I/O is as fast as Lambda's to S3 and DynamoDB.
 */
export function modelledDurationMs(wallMs: number, cpuMs: number, memoryMB: number): number {
  const cpu = Math.min(cpuMs, wallMs);
  return wallMs - cpu + cpu * Math.max(1, FULL_VCPU_MB / memoryMB);
}

/** Express workflows bill duration in 100 ms increments (https://aws.amazon.com/step-functions/pricing/). */
export function expressBilledMs(durationMs: number): number {
  return Math.max(100, Math.ceil(durationMs / 100) * 100);
}

/**
 * Express bills memory in 64 MB chunks of what the execution uses (its definition and payloads); the local stack
 * cannot see that, so it takes the smallest chunk: a lower bound for workflows whose payloads stay small.
 */
export const EXPRESS_MEMORY_MB = 64;

/** One write request unit per 1 KB written, rounded up (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html). */
export function dynamoWriteUnits(itemBytes: number): number {
  return Math.max(1, Math.ceil(itemBytes / 1024));
}

/** One read request unit per 4 KB read strongly consistent, half of that eventually consistent. */
export function dynamoReadUnits(itemBytes: number, consistent: boolean): number {
  const units = Math.max(1, Math.ceil(itemBytes / 4096));
  return consistent ? units : units / 2;
}
