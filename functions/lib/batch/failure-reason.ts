/** The `$.error` a Step Functions Catch puts in the payload: `Error` name and `Cause` (often a JSON string). */
export interface WorkflowError {
  Error?: string;
  Cause?: string;
}

/**
 * The AWS SDK appends this to a message when it could not parse a service's response (an HTML error page, a
 * truncated body): it speaks to a programmer holding the error object, not to the reader of a job summary.
 */
const SDK_DESERIALIZATION_HINT =
  /\s*Deserialization error: to see the raw response, inspect the hidden field \{error\}\.\$response on this object\.?/;

/** Error names whose own words are internal codes: said plainly instead. */
const PLAIN_WORDS: Record<string, string> = {
  'States.Timeout': 'a step took longer than its time limit',
  'States.HeartbeatTimeout': 'a step stopped reporting progress',
  'Sandbox.Timedout': 'the function ran out of time',
  'States.DataLimitExceeded': 'a step produced more data than a workflow state can carry (256 KiB)',
  UnknownError: 'an AWS service failed without saying why',
};

/**
 * A readable reason from a caught workflow error. For Lambda task failures `Cause` is JSON
 * `{errorType, errorMessage, trace}`: keep type and message, never the stack trace, and never SDK internals.
 */
export function failureReason(error: WorkflowError | undefined): string {
  const name = error?.Error ?? 'Error';
  const cause = error?.Cause;
  if (!cause) return PLAIN_WORDS[name] ? `${name}: ${PLAIN_WORDS[name]}` : name;
  let type = name;
  let message = cause;
  try {
    const parsed = JSON.parse(cause) as { errorType?: unknown; errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string') {
      type = typeof parsed.errorType === 'string' ? parsed.errorType : name;
      message = parsed.errorMessage;
    }
  } catch {
    // Not JSON (e.g. States.Timeout causes are plain text): use it as is.
  }
  return `${type}: ${plainMessage(type, message)}`;
}

function plainMessage(type: string, message: string): string {
  if (SDK_DESERIALIZATION_HINT.test(message)) {
    const detail = message.replace(SDK_DESERIALIZATION_HINT, '').trim();
    return `an AWS service sent a response that could not be read${detail ? ` (${detail})` : ''}`;
  }
  const plain = PLAIN_WORDS[type];
  if (plain && (message === '' || message === type || message === 'Unknown')) return plain;
  return message;
}
