/** The recovery scan itself failed (a service did not answer); the stack still starts, the failure is logged. */
export class RecoveryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RecoveryError';
  }
}
