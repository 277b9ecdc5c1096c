import { randomUUID } from 'node:crypto';
import { LambdaInvokeError, type LambdaErrorShape } from './errors.ts';
import type { InvokeLambda } from './types.ts';

export const LAMBDA_INVOKE_RESOURCE = 'arn:aws:states:::lambda:invoke';

/** The error a failed invocation becomes in the workflow: `name` is what Retry/Catch `ErrorEquals` match. */
export interface TaskError {
  error: string;
  cause: string;
}

/**
 * Names an invocation failure as Step Functions does. A function error is named by its `errorType` and its
 * cause is the Lambda error payload as JSON (as AWS shows it); an Invoke failure (`Lambda.*`) has its message
 * as cause. A plain thrown Error stands for a handler throwing it (Lambda's Node runtime names it by `name`).
 */
export function taskErrorFrom(thrown: unknown): TaskError {
  if (typeof thrown === 'object' && thrown !== null && typeof (thrown as LambdaErrorShape).errorType === 'string') {
    const shape = thrown as LambdaErrorShape;
    const service = shape.source === 'service' || (shape.source === undefined && shape.errorType.startsWith('Lambda.'));
    if (service) return { error: shape.errorType, cause: shape.errorMessage };
    const payload = { errorType: shape.errorType, errorMessage: shape.errorMessage, ...(shape.trace ? { trace: shape.trace } : {}) };
    return { error: shape.errorType, cause: JSON.stringify(payload) };
  }
  if (thrown instanceof Error) {
    const payload = { errorType: thrown.name, errorMessage: thrown.message };
    return thrown.name.startsWith('Lambda.')
      ? { error: thrown.name, cause: thrown.message }
      : { error: thrown.name, cause: JSON.stringify(payload) };
  }
  return { error: 'Lambda.ServiceException', cause: String(thrown) };
}

/** An Error the engine matches by `name` (its Retry/Catch compare `ErrorEquals` with `error.name`). */
export function namedError(taskError: TaskError): Error {
  const error = new Error(taskError.cause);
  error.name = taskError.error;
  return error;
}

/** What `arn:aws:states:::lambda:invoke` returns: the payload wrapped as the SDK Invoke response. */
export function invokeResponse(payload: unknown, requestId: string = randomUUID()): Record<string, unknown> {
  return {
    ExecutedVersion: '$LATEST',
    Payload: payload ?? null,
    SdkHttpMetadata: {
      HttpHeaders: { 'Content-Type': 'application/json', 'X-Amz-Executed-Version': '$LATEST', 'x-amzn-RequestId': requestId },
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: 200,
  };
}

/** The call a Task state makes: the optimised integration (Parameters `FunctionName` + `Payload`) or a bare function ARN. */
export async function runLambdaTask(resource: string, input: unknown, invoke: InvokeLambda): Promise<unknown> {
  if (resource === LAMBDA_INVOKE_RESOURCE) {
    const { FunctionName, Payload } = (input ?? {}) as { FunctionName?: string; Payload?: unknown };
    return invokeResponse(await invoke(String(FunctionName), Payload === undefined ? {} : Payload));
  }
  return invoke(resource, input);
}

/** The slice of `LambdaRuntime` the adapter needs (kept structural: no import of the runtime here). */
export interface InvocableRuntime {
  functionName: string;
  invoke(event: unknown): Promise<{ payload: unknown; error?: LambdaErrorShape }>;
}

/** Adapts the local Lambda runtime (one function) to `invokeLambda`; another function name → ResourceNotFound. */
export function lambdaInvoker(runtime: InvocableRuntime): InvokeLambda {
  return async (functionArn, payload) => {
    const name = functionNameOf(functionArn);
    if (name !== runtime.functionName) {
      throw new LambdaInvokeError({
        errorType: 'Lambda.ResourceNotFoundException',
        errorMessage: `Function not found: ${functionArn}`,
        source: 'service',
      });
    }
    const result = await runtime.invoke(payload);
    if (result.error) throw new LambdaInvokeError(result.error);
    return result.payload;
  };
}

/** `prediction`, `prediction:$LATEST`, `arn:aws:lambda:r:a:function:prediction[:q]` → `prediction`. */
export function functionNameOf(reference: string): string {
  const parts = reference.split(':');
  if (parts[0] === 'arn') return parts[6] ?? '';
  return parts[0];
}
