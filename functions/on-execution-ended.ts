import type { Context } from 'aws-lambda';
import { dynamo } from './lib/aws/clients.ts';
import { config } from './lib/config.ts';
import { logger } from './lib/logger.ts';
import { failJob, type FailJobOutcome } from './lib/batch/fail-job.ts';
import { parseJobRef } from './lib/batch/parse-task.ts';
import type { OutputWriter } from './lib/batch/output-lease.ts';
import { JobStore } from './lib/jobs/JobStore.ts';
import { jobIdOfExecutionName } from './lib/jobs/job-id.ts';
import { countJob } from './lib/metrics/index.ts';
import { executionEndedReason, parseExecutionEnded, type ExecutionEnded } from './lib/safety-net/events.ts';

export type ExecutionEndedResult = { executionArn: string; jobId?: string } & (FailJobOutcome | { status: 'UNKNOWN_JOB' });

/**
 * EventBridge "Step Functions Execution Status Change" of the batch workflow to FAILED, TIMED_OUT or ABORTED (the
 * rule in infra/constructs/JobSafetyNet.ts). The workflow's own Catch ends most failed jobs; this ends the rest —
 * errors no Catch sees (States.Runtime, States.DataLimitExceeded), StopExecution, the execution timeout, MarkFailed
 * itself failing — the same way (lib/batch/fail-job.ts). A job that already ended is left alone.
 */
export async function handler(event: unknown, context?: Context): Promise<ExecutionEndedResult> {
  const ended = parseExecutionEnded(event);
  const job = await jobOf(ended);
  if (!job) {
    logger.error('execution ended for no known job', { executionArn: ended.executionArn, status: ended.status });
    return { executionArn: ended.executionArn, status: 'UNKNOWN_JOB' };
  }
  const outcome = await failJob({ job, reason: executionEndedReason(ended), authority: 'late', context });
  if (outcome.status !== 'ALREADY_ENDED') countJob(outcome.status === 'FAILED' ? 'failed' : 'superseded');
  return { executionArn: ended.executionArn, jobId: job.jobId, ...outcome };
}

/** The execution's input carries `{job}`; when the event left it out (too large), the job record named by the execution. */
async function jobOf(ended: ExecutionEnded): Promise<OutputWriter | undefined> {
  if (ended.input !== null) {
    try {
      return parseJobRef((JSON.parse(ended.input) as { job?: unknown }).job);
    } catch (error) {
      logger.warn('execution input holds no job', { executionArn: ended.executionArn, error: String(error) });
    }
  }
  const jobId = jobIdOfExecutionName(ended.name);
  return jobId === undefined ? undefined : new JobStore(dynamo(), config().jobsTable).get(jobId);
}
