import type { PutEventInput } from './EventBus.ts';

/** Lambda's asynchronous-invocation failure record as it arrives on an event bus destination. */
export function invocationFailureEvent(record: { requestContext: { functionArn: string } }): PutEventInput {
  return {
    source: 'lambda',
    'detail-type': 'Lambda Function Invocation Result - Failure',
    resources: [record.requestContext.functionArn],
    detail: record as unknown as Record<string, unknown>,
  };
}
