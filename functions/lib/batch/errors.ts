/** Chunk results that do not add up (missing/duplicate chunks, rows unaccounted for): the job must fail. */
export class AccountingError extends Error {
  override name = 'AccountingError';
}

/** A workflow task payload that does not have the contract's shape. */
export class InvalidTaskPayloadError extends Error {
  override name = 'InvalidTaskPayloadError';
}
