/**
 * The two after-the-fact events that end a stranded job (docs/architecture.md, "How a job ends"): Step Functions'
 * status change of an execution that closed without SUCCEEDED, and Lambda's failure record of an asynchronous
 * invocation given up on (the destination EventBridge puts on the default bus). Only the fields read are typed.
 */
import { InvalidTaskPayloadError } from '../batch/errors.ts';
import { failureReason } from '../batch/failure-reason.ts';

export const EXECUTION_STATUS_CHANGE = { source: 'aws.states', detailType: 'Step Functions Execution Status Change' } as const;
export const INVOCATION_FAILURE = { source: 'lambda', detailType: 'Lambda Function Invocation Result - Failure' } as const;
/** An EventBridge schedule rule's event (its `detail` is `{}`): the stack's only schedule runs reconcile-jobs. */
export const SCHEDULED_EVENT = { source: 'aws.events', detailType: 'Scheduled Event' } as const;

type Json = Record<string, unknown>;

export interface ExecutionEnded {
  executionArn: string;
  name: string;
  status: 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  /** The execution's input as a JSON string; null when it was too large for the event (`inputDetails.included`). */
  input: string | null;
  error?: string;
  cause?: string;
}

export interface InvocationFailure {
  /** `RetriesExhausted` or `EventAgeExceeded`. */
  condition: string;
  approximateInvokeCount: number;
  requestPayload: unknown;
  errorType?: string;
  errorMessage?: string;
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isEventOf(event: Json, kind: { source: string; detailType: string }): boolean {
  return event.source === kind.source && event['detail-type'] === kind.detailType && isObject(event.detail);
}

const ENDED = ['FAILED', 'TIMED_OUT', 'ABORTED'];

export function parseExecutionEnded(event: unknown): ExecutionEnded {
  const detail = isObject(event) ? event.detail : undefined;
  if (
    !isObject(detail) ||
    typeof detail.executionArn !== 'string' ||
    typeof detail.name !== 'string' ||
    !ENDED.includes(String(detail.status))
  ) {
    throw new InvalidTaskPayloadError('not an execution status change to FAILED, TIMED_OUT or ABORTED');
  }
  return {
    executionArn: detail.executionArn,
    name: detail.name,
    status: detail.status as ExecutionEnded['status'],
    input: typeof detail.input === 'string' ? detail.input : null,
    ...(typeof detail.error === 'string' ? { error: detail.error } : {}),
    ...(typeof detail.cause === 'string' ? { cause: detail.cause } : {}),
  };
}

export function parseInvocationFailure(event: unknown): InvocationFailure {
  const detail = isObject(event) ? event.detail : undefined;
  const request = isObject(detail) ? detail.requestContext : undefined;
  if (!isObject(detail) || !isObject(request)) throw new InvalidTaskPayloadError('not a Lambda invocation failure record');
  const response = isObject(detail.responsePayload) ? detail.responsePayload : {};
  return {
    condition: String(request.condition ?? 'RetriesExhausted'),
    approximateInvokeCount: Number(request.approximateInvokeCount ?? 0),
    requestPayload: detail.requestPayload,
    ...(typeof response.errorType === 'string' ? { errorType: response.errorType } : {}),
    ...(typeof response.errorMessage === 'string' ? { errorMessage: response.errorMessage } : {}),
  };
}

/** The job's FAILED reason when its execution closed without the workflow marking it. */
export function executionEndedReason(ended: ExecutionEnded): string {
  const error = ended.error ? `: ${failureReason({ Error: ended.error, Cause: ended.cause })}` : '';
  switch (ended.status) {
    case 'ABORTED':
      return `the workflow was stopped before the job finished${error}`;
    case 'TIMED_OUT':
      return `the workflow ran past its time limit before the job finished${error}`;
    default:
      return `the workflow failed before it could mark the job failed${error || ' (an error its Catch cannot handle, or MarkFailed failing)'}`;
  }
}

/** The job's FAILED reason when its S3 event's ingest invocation was given up on. */
export function ingestFailedReason(failure: InvocationFailure): string {
  const error = failure.errorType ? ` (last error ${failure.errorType}${failure.errorMessage ? `: ${failure.errorMessage}` : ''})` : '';
  if (failure.condition === 'EventAgeExceeded') return `the upload's event was not processed within its maximum age${error}`;
  return `the upload's event could not be processed after ${failure.approximateInvokeCount} attempts${error}`;
}
