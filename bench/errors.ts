/** Errors of the bench runner. */

export class BenchArgumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BenchArgumentError';
  }
}

export class BenchTimeoutError extends Error {
  constructor(what: string, timeoutMs: number) {
    super(`${what}: no result after ${timeoutMs} ms`);
    this.name = 'BenchTimeoutError';
  }
}

export class ExperimentFailedError extends Error {
  constructor(executionArn: string, status: string) {
    super(`experiment ${executionArn} ended ${status}`);
    this.name = 'ExperimentFailedError';
  }
}
