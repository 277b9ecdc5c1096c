/** Chunk results that do not add up (missing/duplicate chunks, rows unaccounted for): the job must fail. */
export class AccountingError extends Error {
  override name = 'AccountingError';
}

/** A workflow task payload that does not have the contract's shape. */
export class InvalidTaskPayloadError extends Error {
  override name = 'InvalidTaskPayloadError';
}

/** The workflow catches this error name on Finalize and scores the misplaced chunks again (BatchWorkflow.ts). */
export const CHUNKS_MISPLACED = 'ChunksMisplaced';

/**
 * Some chunks speculated their first record wrong (their start fell inside a quoted field): nothing is lost, the
 * finalizer wrote their exact starts to the re-score manifest and the workflow scores those chunks again.
 */
export class ChunksMisplacedError extends Error {
  override name = CHUNKS_MISPLACED;
}

/** The workflow catches this error name on Finalize and renumbers the error groups in parallel (BatchWorkflow.ts). */
export const ERRORS_NEED_GROUPS = 'ErrorsNeedGroups';

/**
 * More rejected rows than one invocation should stream: Finalize wrote the error groups' manifest, and the
 * workflow renumbers the groups in parallel before Finalize assembles errors.csv from them.
 */
export class ErrorsNeedGroupsError extends Error {
  override name = ERRORS_NEED_GROUPS;
}

/** A gzip input whose bytes do not inflate (truncated, corrupt, not gzip): no retry can fix it, the job fails. */
export class InvalidGzipError extends Error {
  override name = 'InvalidGzipError';
}
