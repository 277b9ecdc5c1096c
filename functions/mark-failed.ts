import type { Context } from 'aws-lambda';
import { failureReason } from './lib/batch/failure-reason.ts';
import type { WorkflowError } from './lib/batch/failure-reason.ts';
import { failJob } from './lib/jobs/lifecycle/fail-job.ts';
import { parseJobRef, parseWorkflowError, payloadField } from './lib/batch/parse-task.ts';
import { billTo } from './lib/billing/invocation-units.ts';
import { withProbe } from './lib/probes/with-probe.ts';
import { countJob } from './lib/metrics/index.ts';
import { config } from './lib/config.ts';
import { logger } from './lib/logger.ts';
import { MAP_RUN_FAILED, failedChunkError } from './lib/jobs/lifecycle/failed-chunk.ts';
import { listMapRunsOnce } from './lib/jobs/lifecycle/execution-map-runs.ts';
import type { MapRunLister } from './lib/jobs/lifecycle/execution-map-runs.ts';

export interface MarkFailedResult extends WorkflowError {
  jobId: string;
  status: 'FAILED' | 'SUPERSEDED';
  reason: string;
}

/**
 * Workflow task `{task:'mark-failed', job, error:{Error, Cause}, execution}` (the Catch target). Leaves nothing of this job
 * behind but a FAILED record and summary.json (lib/jobs/lifecycle/fail-job.ts): temp objects are deleted, and so are
 * scored/errors objects this job wrote (tagged with its job id) — a previous job's output for the same key is left
 * alone. When a newer upload owns the outputs, the job ends SUPERSEDED and writes no summary (its failure is moot:
 * the key's input is no longer the content it read).
 */
export async function handler(event: unknown, context?: Context): Promise<MarkFailedResult> {
  const job = parseJobRef(payloadField(event, 'job'));
  billTo(job.jobId);
  const executionArn = payloadField(event, 'execution');
  // Listed once, for the failed chunk's error and for the runs' billing.
  const execution =
    typeof executionArn === 'string' ? { arn: executionArn, mapRuns: listMapRunsOnce(executionArn, config().outputBucket) } : undefined;
  const error = await chunkErrorFirst(parseWorkflowError(payloadField(event, 'error')), execution?.mapRuns);
  const outcome = await withProbe(
    { runId: job.jobId, step: 'mark-failed' },
    // The Catch is authoritative: it overrides a SUCCEEDED that Finalize recorded before it failed.
    () => failJob({ job, reason: failureReason(error), authority: 'catch', context, ...(execution ? { execution } : {}) }),
  );
  if (outcome.status === 'ALREADY_ENDED') throw new Error('unreachable: the Catch never defers to an ended job');
  countJob(outcome.status === 'FAILED' ? 'failed' : 'superseded');
  return { jobId: job.jobId, ...outcome, ...error };
}

/** A chunk Map that failed because a chunk did: the chunk's own error is the job's reason (failed-chunk.ts). */
async function chunkErrorFirst(error: WorkflowError, mapRuns: MapRunLister | undefined): Promise<WorkflowError> {
  if (error.Error !== MAP_RUN_FAILED || !mapRuns) return error;
  try {
    return (await failedChunkError(mapRuns)) ?? error;
  } catch (cause) {
    // Failing the job matters more than the finer reason: keep the Map's own error.
    logger.warn('could not read the failed chunk', { error: (cause as Error).message });
    return error;
  }
}
