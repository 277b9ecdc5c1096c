/** Errors of the bench core: each names the input that cannot be measured and why. */

export class MissingEventError extends Error {
  constructor(what: string) {
    super(`execution history has no ${what}`);
    this.name = 'MissingEventError';
  }
}

export class MissingProbeError extends Error {
  constructor(step: string) {
    super(`no successful probe record for step "${step}"`);
    this.name = 'MissingProbeError';
  }
}

export class InvalidTimestampError extends Error {
  constructor(value: unknown) {
    super(`not a timestamp: ${JSON.stringify(value)}`);
    this.name = 'InvalidTimestampError';
  }
}

export class ChartRenderError extends Error {
  constructor(chart: string, cause: unknown) {
    super(`chart "${chart}" failed to render: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'ChartRenderError';
  }
}

export class ExecutionNotSucceededError extends Error {
  constructor(type: string, error?: string, cause?: string) {
    super(`execution did not succeed (${type}${error ? `: ${error}` : ''}${cause ? ` — ${cause}` : ''}); its timings would mislead`);
    this.name = 'ExecutionNotSucceededError';
  }
}

export class InconsistentTimesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InconsistentTimesError';
  }
}
