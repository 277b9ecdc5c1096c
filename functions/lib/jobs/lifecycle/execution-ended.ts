import { logger } from '../../logger.ts';
import { parseJobRef } from '../../batch/parse-task.ts';
import { executionEndedReason } from '../../safety-net/events.ts';
import type { ExecutionEnded } from '../../safety-net/events.ts';
import { jobIdOfExecutionName } from '../job-id.ts';
import { jobStore } from './JobStore.ts';
import { failJob } from './fail-job.ts';
import type { FailJobOutcome } from './fail-job.ts';
import type { OutputWriter, RemainingTime } from './output-lease.ts';

export type ExecutionEndedResult = { executionArn: string; jobId?: string } & (FailJobOutcome | { status: 'UNKNOWN_JOB' });

/**
 * Ends the job of an execution that closed FAILED, TIMED_OUT or ABORTED without the workflow ending it — errors no
 * Catch sees (States.Runtime, States.DataLimitExceeded), StopExecution, the execution timeout, MarkFailed itself
 * failing — the way every job fails (fail-job.ts, as a `late` authority: a job that already ended is left alone).
 */
export async function endJobOfExecution(ended: ExecutionEnded, context: RemainingTime | undefined): Promise<ExecutionEndedResult> {
  const job = await jobOf(ended);
  if (!job) {
    logger.error('execution ended for no known job', { executionArn: ended.executionArn, status: ended.status });
    return { executionArn: ended.executionArn, status: 'UNKNOWN_JOB' };
  }
  const outcome = await failJob({ job, reason: executionEndedReason(ended), authority: 'late', context });
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
  return jobId === undefined ? undefined : jobStore().get(jobId);
}
