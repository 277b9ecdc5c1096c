/** Chunk results that do not add up (missing/duplicate chunks, rows unaccounted for): the job must fail. */
export class AccountingError extends Error {
  override name = 'AccountingError';
}

/** A workflow task payload that does not have the contract's shape. */
export class InvalidTaskPayloadError extends Error {
  override name = 'InvalidTaskPayloadError';
}

/** The workflow catches this error name on Finalize and re-plans with exact cuts (infra/constructs/BatchWorkflow.ts). */
export const CHUNK_CUT_INSIDE_RECORD = 'ChunkCutInsideRecord';

/**
 * Presumed chunk cuts fell inside a record (a quoted field longer than the windows read around the cuts): nothing
 * is lost, the workflow plans exact cuts and scores again.
 */
export class ChunkCutInsideRecordError extends Error {
  override name = CHUNK_CUT_INSIDE_RECORD;
}
