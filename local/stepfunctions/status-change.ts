import type { ExecutionRecord } from './Executions.ts';

/** EventBridge's "Step Functions Execution Status Change" (source `aws.states`), sent at every status change. */
export const STATUS_CHANGE_DETAIL_TYPE = 'Step Functions Execution Status Change';

export interface StatusChangeEvent {
  source: 'aws.states';
  'detail-type': typeof STATUS_CHANGE_DETAIL_TYPE;
  resources: string[];
  detail: Record<string, unknown>;
}

/**
 * The event's detail with the fields AWS documents for it: times in epoch milliseconds, input and output as JSON
 * strings with their `*Details.included` flags (output only once SUCCEEDED).
 */
export function statusChangeEvent(record: ExecutionRecord): StatusChangeEvent {
  const output = record.status === 'SUCCEEDED' && record.output !== undefined ? record.output : null;
  return {
    source: 'aws.states',
    'detail-type': STATUS_CHANGE_DETAIL_TYPE,
    resources: [record.executionArn],
    detail: {
      executionArn: record.executionArn,
      stateMachineArn: record.stateMachineArn,
      name: record.name,
      status: record.status,
      startDate: record.startDate,
      stopDate: record.stopDate ?? null,
      input: record.input,
      output,
      inputDetails: { included: true },
      outputDetails: output === null ? null : { included: true },
    },
  };
}
