import type { Context } from 'aws-lambda';
import { dynamo } from './lib/aws/clients.ts';
import { config } from './lib/config.ts';
import { logger } from './lib/logger.ts';
import { JobStore } from './lib/jobs/JobStore.ts';
import { jobTempPrefix } from './lib/jobs/output-keys.ts';
import { deletePrefix } from './lib/s3/delete-prefix.ts';
import { deleteIfWrittenBy } from './lib/s3/object-owner.ts';
import { putJson } from './lib/s3/upload-stream.ts';
import { buildSummary } from './lib/batch/build-summary.ts';
import { failureReason } from './lib/batch/failure-reason.ts';
import type { WorkflowError } from './lib/batch/failure-reason.ts';
import { takeOutputs } from './lib/batch/output-lease.ts';
import { parseJobRef, parseWorkflowError, payloadField } from './lib/batch/parse-task.ts';
import { withProbe } from './lib/probes/with-probe.ts';
import { countJob } from './lib/metrics/index.ts';

export interface MarkFailedResult extends WorkflowError {
  jobId: string;
  status: 'FAILED' | 'SUPERSEDED';
  reason: string;
}

/**
 * Workflow task `{task:'mark-failed', job, error:{Error, Cause}}` (the Catch target). Leaves nothing of this job
 * behind but a FAILED record and summary.json: temp objects are deleted, and so are scored/errors objects this
 * job wrote (tagged with its job id) — a previous job's output for the same key is left alone. Outputs are touched
 * only under the key's write lease: when a newer upload owns them, the job ends SUPERSEDED and writes no summary
 * (its failure is moot: the key's input is no longer the content it read).
 */
export async function handler(event: unknown, context?: Context): Promise<MarkFailedResult> {
  const job = parseJobRef(payloadField(event, 'job'));
  const error = parseWorkflowError(payloadField(event, 'error'));
  const failure = failureReason(error);
  const bucket = config().outputBucket;
  const outcome = await withProbe({ runId: job.jobId, step: 'mark-failed' }, async () => {
    await deletePrefix(bucket, jobTempPrefix(job.jobId));
    // The Catch is authoritative: the superseded state overrides a SUCCEEDED finalize recorded before it failed.
    const lease = await takeOutputs(job, context, 'exists');
    if (lease.kind === 'superseded') return { status: 'SUPERSEDED' as const, reason: lease.reason };
    const store = new JobStore(dynamo(), config().jobsTable);
    const finishedAt = new Date();
    await store.markFailed(job.jobId, failure, undefined, finishedAt);
    await deleteIfWrittenBy(bucket, job.outputKeys.scored, job.jobId);
    await deleteIfWrittenBy(bucket, job.outputKeys.errors, job.jobId);
    const summary = buildSummary({
      job, record: await store.get(job.jobId), outputBucket: bucket, status: 'FAILED', reason: failure, outputsWritten: false, finishedAt,
    });
    await putJson(bucket, job.outputKeys.summary, summary);
    await lease.release();
    logger.info('job state', { jobId: job.jobId, status: 'FAILED', reason: failure });
    return { status: 'FAILED' as const, reason: failure };
  });
  countJob(outcome.status === 'FAILED' ? 'failed' : 'superseded');
  return { jobId: job.jobId, ...outcome, ...error };
}
