import { config } from '../../config.ts';
import { logger } from '../../logger.ts';
import { addInvocationUnits, billTo } from '../../billing/invocation-units.ts';
import { buildSummary } from '../../batch/build-summary.ts';
import { summaryBilling } from '../../billing/summary-billing.ts';
import { deletePrefix } from '../../s3/delete-prefix.ts';
import { deleteOutputsWrittenBy } from '../../s3/object-owner.ts';
import { putJson } from '../../s3/upload-stream.ts';
import { jobTempPrefix } from '../output-keys.ts';
import type { JobCounts, JobRecord, JobStatus } from '../types.ts';
import { jobStore } from './JobStore.ts';
import { failedJobUnits } from './failed-job-units.ts';
import type { MapRunLister } from './execution-map-runs.ts';
import { takeOutputs } from './output-lease.ts';
import type { OutputWriter, RemainingTime } from './output-lease.ts';
import { isTerminal, toFailed } from './transitions.ts';

/**
 * Who is failing the job, which decides what it may overwrite:
 * - `catch`: the workflow's Catch (MarkFailed). Its word is final, even over a SUCCEEDED that Finalize recorded
 *   before it failed; the job may have written temp objects and outputs.
 * - `ingest`: the ingest refusing the object. Nothing was written yet.
 * - `late`: a failure reported after the fact (the execution ended without the job ending, or the ingest event was
 *   given up on). Events arrive at least once and may race the job's own last task: a job already SUCCEEDED,
 *   FAILED or SUPERSEDED is left exactly as it is.
 */
export type FailAuthority = 'catch' | 'ingest' | 'late';

export interface FailJobInput {
  job: OutputWriter;
  reason: string;
  authority: FailAuthority;
  context?: RemainingTime;
  /** The job record when the caller holds it (for the summary's timings); read otherwise. */
  record?: JobRecord;
  counts?: Partial<JobCounts>;
  /**
   * The execution whose Catch (MarkFailed) fails the job, and its map runs (listed once per invocation): they and its
   * state transitions are billed with the job.
   */
  execution?: { arn: string; mapRuns: MapRunLister };
}

export type FailJobOutcome =
  | { status: 'FAILED' | 'SUPERSEDED'; reason: string }
  | { status: 'ALREADY_ENDED'; ended: JobStatus; reason?: string };

/**
 * The one way a job ends FAILED: temp objects and the outputs this job wrote are deleted, the record says FAILED
 * with the reason, and summary.json is written last — all under the key's write lease (`output-lease.ts`), so a
 * newer upload's outputs are never touched: a job that is no longer the newest ends SUPERSEDED instead, writing
 * no summary.
 */
export async function failJob(input: FailJobInput): Promise<FailJobOutcome> {
  const { job, reason, authority } = input;
  billTo(job.jobId);
  const store = jobStore();
  if (authority === 'late') {
    const current = await store.get(job.jobId);
    if (current && isTerminal(current.status)) return alreadyEnded(job.jobId, current);
  }
  const bucket = config().outputBucket;
  if (authority !== 'ingest') await deletePrefix(bucket, jobTempPrefix(job.jobId));
  const guard = authority === 'late' ? 'not-finished' : 'exists';
  const lease = await takeOutputs(job, input.context, authority === 'catch' ? 'exists' : 'not-finished');
  if (lease.kind === 'superseded') return { status: 'SUPERSEDED', reason: lease.reason };
  const finishedAt = new Date();
  if (!(await store.apply(job.jobId, toFailed(reason, input.counts, finishedAt, guard)))) {
    // The job's own last task ended it between the read above and this write: its outcome stands.
    await lease.release();
    return alreadyEnded(job.jobId, await store.get(job.jobId));
  }
  if (authority !== 'ingest') {
    await deleteOutputsWrittenBy(bucket, job.outputKeys, job.jobId);
  }
  const record = input.record ?? (await store.get(job.jobId));
  // Counted once the job is FAILED, as Finalize counts once it is sure to end the job: an attempt that never got this
  // far counts none. A record with transitions had them and the map runs counted already (by an earlier MarkFailed
  // attempt, or by a Finalize that ended the job and then failed): not counted twice.
  if (input.execution && record?.unitsStepFunctionsTransitions === undefined) {
    addInvocationUnits(await failedJobUnits(input.execution.arn, input.execution.mapRuns));
  }
  const summary = buildSummary({
    job,
    record,
    outputBucket: bucket,
    status: 'FAILED',
    reason,
    outputsWritten: false,
    finishedAt,
    billing: summaryBilling(record),
    ...(record?.model ? { model: record.model } : {}),
    ...(record?.shadow ? { shadow: record.shadow } : {}),
  });
  await putJson(bucket, job.outputKeys.summary, summary);
  await lease.release();
  logger.info('job state', { jobId: job.jobId, status: 'FAILED', reason, by: authority });
  return { status: 'FAILED', reason };
}

function alreadyEnded(jobId: string, record: JobRecord | undefined): FailJobOutcome {
  const ended = record?.status ?? 'FAILED';
  logger.info('job already ended', { jobId, status: ended });
  return { status: 'ALREADY_ENDED', ended, ...(record?.reason === undefined ? {} : { reason: record.reason }) };
}
