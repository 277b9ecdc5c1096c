import type { Context } from 'aws-lambda';
import { countJob } from './lib/metrics/index.ts';
import { parseExecutionEnded } from './lib/safety-net/events.ts';
import { endJobOfExecution } from './lib/jobs/lifecycle/execution-ended.ts';
import type { ExecutionEndedResult } from './lib/jobs/lifecycle/execution-ended.ts';

export type { ExecutionEndedResult };

/**
 * EventBridge "Step Functions Execution Status Change" of the batch workflow to FAILED, TIMED_OUT or ABORTED (the
 * rule in infra/constructs/JobSafetyNet.ts). The workflow's own Catch ends most failed jobs; this ends the rest
 * (lib/jobs/lifecycle/execution-ended.ts). A job that already ended is left alone.
 */
export async function handler(event: unknown, context?: Context): Promise<ExecutionEndedResult> {
  const outcome = await endJobOfExecution(parseExecutionEnded(event), context);
  if (outcome.status === 'FAILED' || outcome.status === 'SUPERSEDED') countJob(outcome.status === 'FAILED' ? 'failed' : 'superseded');
  return outcome;
}
