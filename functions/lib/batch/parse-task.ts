import type { ChunkRef, ChunkResult, JobRef, PlanOutput } from '../jobs/types.ts';
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
  const { jobId, bucket, key, etag, versionId, size, sequencer, columns, outputKeys, model, shadow } = value;
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
  if (!isOptionalPin(model)) throw new InvalidTaskPayloadError('job.model, when present, must be {name, version, sha256}');
  if (!isOptionalPin(shadow)) throw new InvalidTaskPayloadError('job.shadow, when present, must be {name, version, sha256}');
  return value as unknown as JobRef;
}

function isOptionalPin(value: unknown): boolean {
  return value === undefined || (isObject(value) && ['name', 'version', 'sha256'].every((k) => typeof value[k] === 'string'));
}

function isOffset(value: unknown): value is number | null {
  return value === null || isCount(value);
}

export function parseChunkRef(value: unknown): ChunkRef {
  if (!isObject(value) || !isCount(value.index) || !isCount(value.start) || !isCount(value.end) || value.end < value.start) {
    throw new InvalidTaskPayloadError('chunk must be {index, start, end} with 0 ≤ start ≤ end');
  }
  if (!(value.recordsFrom === undefined || isOffset(value.recordsFrom))) {
    throw new InvalidTaskPayloadError('chunk.recordsFrom must be a byte offset or null');
  }
  if (!(value.size === undefined || (isCount(value.size) && value.size >= value.end))) {
    throw new InvalidTaskPayloadError('chunk.size must be a byte count at least chunk.end');
  }
  const { index, start, end, recordsFrom, size } = value;
  if (value.rowGroups !== undefined) return { index, start, end, rowGroups: parseRowGroupRun(value.rowGroups) };
  return { index, start, end, ...(recordsFrom === undefined ? {} : { recordsFrom }), ...(size === undefined ? {} : { size }) };
}

/** A Parquet chunk's row groups [from, to), at least one. */
function parseRowGroupRun(value: unknown): { from: number; to: number } {
  if (!isObject(value) || !isCount(value.from) || !isCount(value.to) || value.to <= value.from) {
    throw new InvalidTaskPayloadError('chunk.rowGroups must be {from, to} with 0 ≤ from < to');
  }
  return { from: value.from, to: value.to };
}

/** Plan's output as Finalize receives it (`$.plan`). */
export function parsePlanOutput(value: unknown): PlanOutput {
  if (
    !isObject(value) ||
    !['bucket', 'chunksKey', 'rescoreKey', 'errorGroupsKey'].every((k) => typeof value[k] === 'string') ||
    !isCount(value.chunks) ||
    !isCount(value.chunkBytes) ||
    value.chunkBytes === 0
  ) {
    throw new InvalidTaskPayloadError('plan must be {bucket, chunksKey, rescoreKey, errorGroupsKey, chunks, chunkBytes}');
  }
  if (!(value.sourceSize === undefined || isCount(value.sourceSize)))
    throw new InvalidTaskPayloadError('plan.sourceSize must be a byte count');
  return value as unknown as PlanOutput;
}

export function parseChunkResult(item: unknown, where: string): ChunkResult {
  const counts = ['index', 'rowsIn', 'rowsScored', 'rowsRejected', 'scoredBytes', 'errorsBytes', 'lines'];
  const segment = isObject(item) ? item.segment : undefined;
  if (
    !isObject(item) ||
    !counts.every((f) => isCount(item[f])) ||
    typeof item.scoredKey !== 'string' ||
    typeof item.errorsKey !== 'string' ||
    !isOffset(item.recordsFrom) ||
    !isOffset(item.recordsTo) ||
    !isObject(segment) ||
    typeof segment.quotesOdd !== 'boolean' ||
    !isOffset(segment.boundaryIfStartOutside) ||
    !isOffset(segment.boundaryIfStartInside) ||
    !isOptionalShadowCounts(item.shadow)
  ) {
    throw new InvalidTaskPayloadError(`${where} is not a chunk result`);
  }
  return item as unknown as ChunkResult;
}

function isOptionalShadowCounts(value: unknown): boolean {
  if (value === undefined) return true;
  if (!isObject(value) || !isCount(value.rows) || !isCount(value.agreeing) || value.agreeing > value.rows) return false;
  const sum = value.absoluteDifference;
  return sum === undefined || sum === null || (typeof sum === 'number' && sum >= 0);
}

/** The Map state's ResultWriter details (`{MapRunArn, ResultWriterDetails: {Bucket, Key}}`): where its results are. */
export function parseResultWriterDetails(value: unknown): { bucket: string; key: string } {
  const details = isObject(value) ? value.ResultWriterDetails : undefined;
  if (!isObject(details) || typeof details.Bucket !== 'string' || typeof details.Key !== 'string') {
    throw new InvalidTaskPayloadError('map results must be {ResultWriterDetails: {Bucket, Key}}');
  }
  return { bucket: details.Bucket, key: details.Key };
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
