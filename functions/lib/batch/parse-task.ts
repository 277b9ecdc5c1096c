import type { ChunkRef, ChunkResult, JobRef } from '../jobs/types.ts';
import { JOB_ID_PATTERN } from '../jobs/job-id.ts';
import { InvalidTaskPayloadError } from './errors.ts';
import type { WorkflowError } from './failure-reason.ts';

/**
 * Workflow task payloads come from our own state machine, but they are still the handler's edge: check the shape
 * once here so a wiring mistake fails with a clear message instead of deep inside S3 calls.
 */
type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

export function parseJobRef(value: unknown): JobRef {
  if (!isObject(value)) throw new InvalidTaskPayloadError('task payload has no "job" object');
  const { jobId, bucket, key, etag, versionId, size, sequencer, columns, outputKeys } = value;
  if (typeof jobId !== 'string' || !JOB_ID_PATTERN.test(jobId)) throw new InvalidTaskPayloadError('job.jobId is missing or malformed');
  if (typeof bucket !== 'string' || typeof key !== 'string' || typeof etag !== 'string') {
    throw new InvalidTaskPayloadError('job.bucket, job.key and job.etag must be strings');
  }
  if (!(versionId === null || typeof versionId === 'string')) throw new InvalidTaskPayloadError('job.versionId must be a string or null');
  if (!isCount(size)) throw new InvalidTaskPayloadError('job.size must be a non-negative integer');
  if (!(sequencer === undefined || typeof sequencer === 'string')) throw new InvalidTaskPayloadError('job.sequencer must be a string');
  if (!isObject(columns)) throw new InvalidTaskPayloadError('job.columns must be an object');
  if (!isObject(outputKeys) || !['scored', 'errors', 'summary'].every((k) => typeof outputKeys[k] === 'string')) {
    throw new InvalidTaskPayloadError('job.outputKeys must hold scored, errors and summary keys');
  }
  return value as unknown as JobRef;
}

export function parseChunkRef(value: unknown): ChunkRef {
  if (!isObject(value) || !isCount(value.index) || !isCount(value.start) || !isCount(value.end) || value.end < value.start) {
    throw new InvalidTaskPayloadError('chunk must be {index, start, end} with 0 ≤ start ≤ end');
  }
  return { index: value.index, start: value.start, end: value.end };
}

/** The plan's chunks as Finalize receives them (`$.plan.chunks`). */
export function parseChunkRefs(value: unknown): ChunkRef[] {
  if (!Array.isArray(value)) throw new InvalidTaskPayloadError('chunks must be an array of {index, start, end}');
  return value.map(parseChunkRef);
}

export function parseChunkResults(value: unknown): ChunkResult[] {
  if (!Array.isArray(value)) throw new InvalidTaskPayloadError('results must be an array of chunk results');
  return value.map((item, i) => {
    const fields = ['index', 'rowsIn', 'rowsScored', 'rowsRejected', 'scoredBytes', 'errorsBytes', 'lines', 'bytes'];
    if (
      !isObject(item) ||
      !fields.every((f) => isCount(item[f])) ||
      typeof item.scoredKey !== 'string' ||
      typeof item.errorsKey !== 'string' ||
      typeof item.endsOnRecordBoundary !== 'boolean'
    ) {
      throw new InvalidTaskPayloadError(`results[${i}] is not a chunk result`);
    }
    return item as unknown as ChunkResult;
  });
}

export function parseWorkflowError(value: unknown): WorkflowError {
  if (!isObject(value)) return {};
  return {
    Error: typeof value.Error === 'string' ? value.Error : undefined,
    Cause: typeof value.Cause === 'string' ? value.Cause : undefined,
  };
}

export function payloadField(event: unknown, field: string): unknown {
  return isObject(event) ? event[field] : undefined;
}
