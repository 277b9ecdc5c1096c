/** The input object key cannot be mirrored safely into the output bucket. */
export class UnsafeKeyError extends Error {
  override name = 'UnsafeKeyError';
}

/** A job record was expected but is absent. */
export class JobNotFoundError extends Error {
  override name = 'JobNotFoundError';
}
