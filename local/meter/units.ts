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

/**
 * Express workflows bill each execution's duration, from the time it begins until it ends, rounded up to the next
 * 100 ms (https://aws.amazon.com/step-functions/pricing/); an execution bills at least one increment. The meter's
 * own statement of the rule: the service it measures keeps its own, and the tests compare the two counts.
 */
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

/** A DynamoDB attribute value as the JSON protocol carries it: `{S: 'x'}`, `{N: '1'}`, `{M: {…}}`, `{L: […]}`… */
export type DynamoAttributeValue = Record<string, unknown>;

/**
 * An item's size as DynamoDB bills it (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html):
 * the UTF-8 bytes of each attribute name plus its value's size. Strings: their UTF-8 bytes; binary: its raw bytes;
 * null and Boolean: 1 byte; a List or Map: 3 bytes plus, per element, 1 byte and the element's size (a Map's element
 * with its name); a set: its elements' sizes; numbers: `dynamoNumberBytes`.
 */
export function dynamoItemBytes(item: Record<string, DynamoAttributeValue>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) bytes += Buffer.byteLength(name, 'utf8') + dynamoValueBytes(value);
  return bytes;
}

function dynamoValueBytes(value: DynamoAttributeValue): number {
  const [type, inner] = Object.entries(value)[0] ?? ['NULL', true];
  switch (type) {
    case 'S':
      return Buffer.byteLength(String(inner), 'utf8');
    case 'N':
      return dynamoNumberBytes(String(inner));
    case 'B':
      return Buffer.from(String(inner), 'base64').length;
    case 'SS':
      return (inner as string[]).reduce((sum, s) => sum + Buffer.byteLength(s, 'utf8'), 0);
    case 'NS':
      return (inner as string[]).reduce((sum, n) => sum + dynamoNumberBytes(n), 0);
    case 'BS':
      return (inner as string[]).reduce((sum, b) => sum + Buffer.from(b, 'base64').length, 0);
    case 'L':
      return 3 + (inner as DynamoAttributeValue[]).reduce((sum, element) => sum + 1 + dynamoValueBytes(element), 0);
    case 'M':
      return 3 + Object.keys(inner as object).length + dynamoItemBytes(inner as Record<string, DynamoAttributeValue>);
    default:
      return 1; // NULL, BOOL
  }
}

/**
 * A number's size. The published rule is approximate: "(1 byte per two significant digits) + (1 byte)". DynamoDB
 * stores a number as base-100 digits paired from the decimal point, plus an exponent byte (and a byte for a minus
 * sign), so an odd alignment can take one more byte (120 is 01|20: 3 bytes, not 2); this counts the pairs, as
 * dynalite does, and equals the published rule whenever the significant digits pair evenly.
 */
export function dynamoNumberBytes(text: string): number {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (match === null) return 1 + Math.ceil(text.length / 2); // DynamoDB refuses such a number before it is stored
  const [, sign, whole = '', fraction = '', exponent = '0'] = match;
  const digits = whole + fraction;
  const significant = digits.replace(/^0+/, '');
  if (significant === '') return 1; // zero
  // The power of ten of the first significant digit.
  const power = whole.length - 1 + Number(exponent) - (digits.length - significant.length);
  const count = significant.replace(/0+$/, '').length;
  return 1 + Math.ceil(count / 2) + (count % 2 || power % 2 ? 0 : 1) + (sign === '-' ? 1 : 0);
}
