/** Raised by LambdaRuntime.invoke only for misuse (invoking a closed runtime); handler failures are results. */
export class RuntimeClosedError extends Error {
  override name = 'RuntimeClosedError';
  constructor() {
    super('The local Lambda runtime is closed');
  }
}

/** A malformed LOCAL_LAMBDA_FAULTS value. */
export class FaultConfigError extends Error {
  override name = 'FaultConfigError';
}
