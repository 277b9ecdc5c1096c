import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import type { DescribeExecutionCommandOutput } from '@aws-sdk/client-sfn';
import { sfn } from '../../aws/clients.ts';
import { isAwsError } from '../../aws/errors.ts';
import { config } from '../../config.ts';
import type { ExecutionEnded } from '../../safety-net/events.ts';
import type { JobRecord } from '../types.ts';

/** What Step Functions says about a job's workflow. */
export type WorkflowState = { kind: 'missing' } | { kind: 'running' } | { kind: 'succeeded' } | { kind: 'ended'; ended: ExecutionEnded };

/**
 * The job's execution: the ARN its record holds, else the one its deterministic name gives (the ingest may have
 * started the workflow and died before recording it). Undefined when the service has no batch state machine ARN.
 */
export function executionArnOf(job: Pick<JobRecord, 'executionArn' | 'executionName'>): string | undefined {
  if (job.executionArn) return job.executionArn;
  const stateMachineArn = config().batchStateMachineArn;
  return stateMachineArn ? `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${job.executionName}` : undefined;
}

export async function describeWorkflow(job: Pick<JobRecord, 'executionArn' | 'executionName'>): Promise<WorkflowState> {
  const executionArn = executionArnOf(job);
  if (!executionArn) return { kind: 'missing' };
  try {
    return workflowState(await sfn().send(new DescribeExecutionCommand({ executionArn })));
  } catch (error) {
    if (isAwsError(error, 'ExecutionDoesNotExist')) return { kind: 'missing' };
    throw error;
  }
}

/** DescribeExecution's answer in the shape of the status-change event on-execution-ended receives. */
export function workflowState(
  execution: Pick<DescribeExecutionCommandOutput, 'executionArn' | 'name' | 'status' | 'input' | 'error' | 'cause'>,
): WorkflowState {
  if (execution.status === 'RUNNING' || execution.status === 'PENDING_REDRIVE') return { kind: 'running' };
  if (execution.status === 'SUCCEEDED') return { kind: 'succeeded' };
  return {
    kind: 'ended',
    ended: {
      executionArn: execution.executionArn ?? '',
      name: execution.name ?? '',
      status: execution.status as ExecutionEnded['status'],
      input: execution.input ?? null,
      ...(execution.error ? { error: execution.error } : {}),
      ...(execution.cause ? { cause: execution.cause } : {}),
    },
  };
}
