export type { JobSummary, ChunkTotals } from './types.ts';
export { AccountingError, InvalidTaskPayloadError } from './errors.ts';
export {
  orderResults,
  totalResults,
  chunkLineOffsets,
  checkChunksCoverObject,
  misplacedChunks,
  replaceResults,
} from './aggregate-results.ts';
export { buildSummary } from './build-summary.ts';
export type { SummaryInput } from './build-summary.ts';
export { failureReason } from './failure-reason.ts';
export type { WorkflowError } from './failure-reason.ts';
export {
  parseJobRef,
  parseChunkRef,
  parseChunkResult,
  parsePlanOutput,
  parseResultWriterDetails,
  parseWorkflowError,
  payloadField,
} from './parse-task.ts';
export { notifiedObject, newJobRecord } from './ingest-record.ts';
export type { NotifiedObject } from './ingest-record.ts';
export { ERRORS_HEADER, renumberErrorRows, errorsFileBody } from './errors-file.ts';
