/** The input object key cannot be mirrored safely into the output bucket. */
export class UnsafeKeyError extends Error {
  override name = 'UnsafeKeyError';
}

/**
 * An older job holds the write lease on the outputs this job must write. Retryable: the workflow's Retry on the
 * output-writing states waits it out (a lease ends when its holder releases it or, if the holder died, expires).
 */
export class OutputKeyBusyError extends Error {
  override name = 'OutputKeyBusyError';
}
