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
import { parseJobRef, parseWorkflowError, payloadField } from './lib/batch/parse-task.ts';
import { withProbe } from './lib/probes/with-probe.ts';

export interface MarkFailedResult extends WorkflowError {
  jobId: string;
  status: 'FAILED';
  reason: string;
}

/**
 * Workflow task `{task:'mark-failed', job, error:{Error, Cause}}` (the Catch target). Leaves nothing of this job
 * behind but a FAILED record and summary.json: temp objects are deleted, and so are scored/errors objects this
 * job wrote (tagged with its job id) — a previous job's output for the same key is left alone.
 */
export async function handler(event: unknown): Promise<MarkFailedResult> {
  const job = parseJobRef(payloadField(event, 'job'));
  const error = parseWorkflowError(payloadField(event, 'error'));
  const reason = failureReason(error);
  const bucket = config().outputBucket;
  await withProbe({ runId: job.jobId, step: 'mark-failed' }, async () => {
    const store = new JobStore(dynamo(), config().jobsTable);
    const finishedAt = new Date();
    await store.markFailed(job.jobId, reason, undefined, finishedAt);
    await deletePrefix(bucket, jobTempPrefix(job.jobId));
    await deleteIfWrittenBy(bucket, job.outputKeys.scored, job.jobId);
    await deleteIfWrittenBy(bucket, job.outputKeys.errors, job.jobId);
    const summary = buildSummary({
      job, record: await store.get(job.jobId), outputBucket: bucket, status: 'FAILED', reason, outputsWritten: false, finishedAt,
    });
    await putJson(bucket, job.outputKeys.summary, summary);
  });
  logger.info('job state', { jobId: job.jobId, status: 'FAILED', reason });
  return { jobId: job.jobId, status: 'FAILED', reason, ...error };
}
