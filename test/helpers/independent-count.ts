/**
 * Counts of a job's bytes and durations taken from what the stack logs and answers, never from the meter, by AWS's
 * billing definitions:
 *
 * - S3 data transfer: the body bytes of each request and response (S3's server access log has "Bytes Sent"; the
 *   edge's access line has `in=` and `out=`, headers and chunk framing excluded).
 * - S3 storage (bytes of objects created): the size S3 answers to a HEAD of each object a PUT, a copy or a
 *   CompleteMultipartUpload created (the access log's "Object Size"), asked the moment the creating request is
 *   logged, before the job can delete it. Parts of a multipart upload are not objects: they become the completed one.
 * - CloudWatch Logs ingestion: the UTF-8 bytes of every line in the function's log streams (each line an event, its
 *   line end included as Lambda's events carry it), START, END and REPORT too, each stream's lines up to an
 *   invocation's REPORT being that invocation's (its trace is on the REPORT line).
 * - Express workflows: each child execution's duration from its start and stop dates, rounded up to 100 ms, at
 *   least 100 ms (https://aws.amazon.com/step-functions/pricing/).
 */
import assert from 'node:assert/strict';

/** `in=` and `out=` of an edge access line. */
export function bodyBytesOf(line: string): { in: number; out: number } {
  const match = / in=(\d+) out=(\d+) /.exec(line);
  assert.ok(match, `no body bytes on ${line}`);
  return { in: Number(match[1]), out: Number(match[2]) };
}

/** Query names S3 reads on a PUT of an object that make it something else than a PutObject or CopyObject. */
const NOT_AN_OBJECT = ['partNumber', 'uploadId', 'tagging', 'acl', 'retention', 'legal-hold'];

/**
 * The object path (`/bucket/key`, as sent) an answered S3 request created, if it created one: PutObject and
 * CopyObject (a PUT of a key), CompleteMultipartUpload (a POST of a key with `?uploadId`).
 */
export function createdObjectPath(line: string): string | undefined {
  const [, service, method, path, maybeQuery, maybeStatus] = line.split(' ');
  if (service !== 's3' || path!.split('/').filter(Boolean).length < 2) return undefined;
  const query = maybeQuery!.startsWith('?') ? maybeQuery!.slice(1).split('&') : [];
  const status = maybeQuery!.startsWith('?') ? maybeStatus : maybeQuery;
  if (status !== '200') return undefined;
  if (method === 'PUT' && !query.some((name) => NOT_AN_OBJECT.includes(name))) return path;
  if (method === 'POST' && query.includes('uploadId')) return path;
  return undefined;
}

/** The trace at the end of an edge access line, undefined for `trace=-`. */
export function traceOf(line: string): string | undefined {
  const trace = line.slice(line.lastIndexOf(' trace=') + ' trace='.length);
  return trace === '-' ? undefined : trace;
}

export interface CreatedObject {
  traceId: string;
  path: string;
  /** Undefined when S3 did not answer 200: the object went before it was looked at. */
  size: number | undefined;
}

/** S3's answer to a HEAD of the object: its size (no trace header: the look is not the job's). Never rejects. */
export async function createdObject(edgeUrl: string, traceId: string, path: string): Promise<CreatedObject> {
  const answer = await fetch(`${edgeUrl}${path}`, { method: 'HEAD' }).catch(() => undefined);
  const size = answer?.status === 200 ? Number(answer.headers.get('content-length')) : undefined;
  return { traceId, path, size };
}

export interface LogLine {
  line: string;
  stream: string;
}

/**
 * Ingested log bytes per trace: in each stream, the lines since the previous REPORT (init output, START, the
 * handler's lines, END) and the REPORT itself are one invocation's. Each invocation's lines must hold its START and
 * END: else the grouping, not the meter, would be wrong. A line after a REPORT and before the stream's next START
 * (output that arrived after its result: stdout and the result travel apart) is the previous invocation's.
 */
export function logBytesByTrace(lines: LogLine[]): Map<string, number> {
  const open = new Map<string, string[]>();
  const previous = new Map<string, string>();
  const bytes = new Map<string, number>();
  const add = (traceId: string, size: number) => bytes.set(traceId, (bytes.get(traceId) ?? 0) + size);
  for (const { line, stream } of lines) {
    const late = previous.get(stream);
    if (!open.has(stream) && late !== undefined && !line.startsWith('START RequestId: ')) {
      add(late, Buffer.byteLength(line) + 1);
      continue;
    }
    const group = open.get(stream) ?? [];
    group.push(line);
    open.set(stream, group);
    const report = /^REPORT RequestId: (\S+)\t.*\tXRAY TraceId: (\S+)$/.exec(line);
    if (report === null) continue;
    const [, requestId, traceId] = report as unknown as [string, string, string];
    assert.ok(group.includes(`START RequestId: ${requestId} Version: $LATEST`), `no START before ${line}`);
    assert.equal(group.at(-2), `END RequestId: ${requestId}`, `no END before ${line}`);
    add(
      traceId,
      group.reduce((sum, text) => sum + Buffer.byteLength(text) + 1, 0),
    );
    open.delete(stream);
    previous.set(stream, traceId);
  }
  return bytes;
}

/** Express billing of one execution: its duration rounded up to 100 ms, at least 100 ms. */
export function expressBilled(startDate: Date, stopDate: Date): number {
  return Math.max(100, Math.ceil((stopDate.getTime() - startDate.getTime()) / 100) * 100);
}

/** GB-seconds of a billed duration at a memory size (1 GB = 1024 MB), to the nano-GB-second. */
export function gbSecondsOf(billedMs: number, memoryMB: number): number {
  return (billedMs * memoryMB) / 1024 / 1000;
}

/** Floats summed in another order differ in their last bits: GB-seconds are compared to the nano-GB-second. */
export function nano(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}
