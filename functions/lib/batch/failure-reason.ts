/** The `$.error` a Step Functions Catch puts in the payload: `Error` name and `Cause` (often a JSON string). */
export interface WorkflowError {
  Error?: string;
  Cause?: string;
}

/**
 * A readable reason from a caught workflow error. For Lambda task failures `Cause` is JSON
 * `{errorType, errorMessage, trace}`: keep type and message, never the stack trace.
 */
export function failureReason(error: WorkflowError | undefined): string {
  const name = error?.Error ?? 'Error';
  const cause = error?.Cause;
  if (!cause) return name;
  try {
    const parsed = JSON.parse(cause) as { errorType?: unknown; errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string') {
      const type = typeof parsed.errorType === 'string' ? parsed.errorType : name;
      return `${type}: ${parsed.errorMessage}`;
    }
  } catch {
    // Not JSON (e.g. States.Timeout causes are plain text): use it as is.
  }
  return `${name}: ${cause}`;
}
