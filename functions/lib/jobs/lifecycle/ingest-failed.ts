import type { S3EventRecord } from 'aws-lambda';
import { logger } from '../../logger.ts';
import { completeObject, newJobRecord, notifiedObject } from '../../batch/ingest-record.ts';
import type { JobRecord } from '../types.ts';
import { jobStore } from './JobStore.ts';
import { failJob } from './fail-job.ts';
import type { FailJobOutcome } from './fail-job.ts';
import { claimOutputs, yieldOutputs } from './output-lease.ts';
import type { RemainingTime } from './output-lease.ts';
import { describeWorkflow } from './workflow-execution.ts';

export type IngestFailedOutcome =
  | ({ key: string; jobId: string } & FailJobOutcome)
  | { key: string; jobId: string; status: 'WORKFLOW_RUNS' }
  | { key: string; status: 'REFUSED'; reason: string };

/**
 * Ends FAILED the job of an S3 event whose ingest was given up on — unless its workflow did start (then the
 * workflow, or the execution status change, ends it; the deterministic execution name tells even when the ingest
 * died before recording it) or it already ended.
 */
export async function failIngestedObject(
  record: S3EventRecord,
  reason: string,
  context: RemainingTime | undefined,
): Promise<IngestFailedOutcome> {
  let job: JobRecord;
  try {
    job = newJobRecord(await completeObject(notifiedObject(record)), new Date());
  } catch (error) {
    // No safe output location (the ingest refuses such keys alike): nothing to write but the log line.
    const refused = error instanceof Error ? error.message : String(error);
    logger.error('object refused', { bucket: record.s3.bucket.name, rawKey: record.s3.object.key, reason: refused });
    return { key: record.s3.object.key, status: 'REFUSED', reason: refused };
  }
  const store = jobStore();
  if ((await store.create(job)) === 'created') {
    // The ingest died before recording the job: record and claim it as the ingest would have.
    const claim = await claimOutputs(job);
    if (claim.kind === 'superseded')
      return { key: job.key, jobId: job.jobId, status: 'SUPERSEDED', reason: await yieldOutputs(job, claim.by) };
  } else {
    job = (await store.get(job.jobId)) ?? job;
    if (job.executionArn || (await describeWorkflow(job)).kind !== 'missing')
      return { key: job.key, jobId: job.jobId, status: 'WORKFLOW_RUNS' };
  }
  return { key: job.key, jobId: job.jobId, ...(await failJob({ job, reason, authority: 'late', context, record: job })) };
}
