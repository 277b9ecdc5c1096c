import { dynamo } from '../../aws/clients.ts';
import { isAwsError } from '../../aws/errors.ts';
import { config } from '../../config.ts';
import { logger } from '../../logger.ts';
import { completeObject, newJobRecord } from '../../batch/ingest-record.ts';
import type { NotifiedObject } from '../../batch/ingest-record.ts';
import { UnsafeKeyError } from '../errors.ts';
import { OutputOwners } from '../OutputOwners.ts';
import type { JobRecord } from '../types.ts';
import { jobStore } from '../lifecycle/JobStore.ts';
import type { JobStore } from '../lifecycle/JobStore.ts';
import { endJobOfExecution } from '../lifecycle/execution-ended.ts';
import { ingestJob } from '../lifecycle/ingest-job.ts';
import type { RemainingTime } from '../lifecycle/output-lease.ts';
import { backToPending } from '../lifecycle/transitions.ts';
import { describeWorkflow } from '../lifecycle/workflow-execution.ts';
import { decideListedObject, decideUnfinishedJob } from './decide.ts';
import { triggeringObjects } from './input-objects.ts';

export interface ReconcileReport {
  /** Unfinished jobs whose workflow did not exist: back to PENDING and ingested again. */
  redriven: string[];
  /** Unfinished jobs whose execution had closed without ending them: ended as on-execution-ended would. */
  ended: string[];
  /** Input objects without a job record: ingested. */
  ingested: string[];
}

/**
 * Re-drives what the event-driven path left unfinished: jobs still PENDING or RUNNING whose workflow is not alive,
 * and input objects whose S3 event never made a job. Every step goes through the job lifecycle (the same ingest, the
 * same ending as the events would have caused), so running it twice, or alongside the events, changes nothing more.
 */
export async function reconcileJobs(context: RemainingTime | undefined): Promise<ReconcileReport> {
  const store = jobStore();
  const report: ReconcileReport = { redriven: [], ended: [], ingested: [] };
  for await (const job of store.unfinished()) await reconcileJob(store, job, report, context);
  for await (const object of triggeringObjects(config().inputBucket)) {
    await reconcileObject(store, object, report, context);
  }
  return report;
}

async function reconcileJob(store: JobStore, job: JobRecord, report: ReconcileReport, context: RemainingTime | undefined): Promise<void> {
  const action = decideUnfinishedJob(await describeWorkflow(job));
  if (action.kind === 'leave') return;
  if (action.kind === 'end') {
    const outcome = await endJobOfExecution(action.ended, context);
    logger.info('job ended after its execution closed', {
      jobId: job.jobId,
      key: job.key,
      was: job.status,
      execution: action.ended.status,
      outcome: outcome.status,
    });
    report.ended.push(job.jobId);
    return;
  }
  // The guard refuses a job that ended since it was scanned: its outcome stands.
  if (!(await store.apply(job.jobId, backToPending(new Date())))) return;
  logger.info('job re-driven', { jobId: job.jobId, bucket: job.bucket, key: job.key, was: job.status, execution: 'none' });
  const { executionArn: _lost, startedAt: _started, ...pending } = job;
  await ingestJob({ ...pending, status: 'PENDING' }, context);
  report.redriven.push(job.jobId);
}

async function reconcileObject(
  store: JobStore,
  listed: NotifiedObject,
  report: ReconcileReport,
  context: RemainingTime | undefined,
): Promise<void> {
  let job: JobRecord;
  try {
    job = newJobRecord(await completeObject(listed), new Date());
  } catch (error) {
    // Deleted since the listing, or a key the ingest refuses (its own event logged that): nothing to start.
    if (isAwsError(error, 'NoSuchKey', 'NotFound') || error instanceof UnsafeKeyError) return;
    throw error;
  }
  const recorded = (await store.get(job.jobId)) !== undefined;
  const owner = recorded ? undefined : await new OutputOwners(dynamo(), config().jobsTable, config().outputBucket).read(job.outputKeys);
  const action = decideListedObject(job.jobId, recorded, owner);
  if (action.kind === 'leave') {
    if (!recorded) logger.warn('object without a job left to its event', { bucket: job.bucket, key: job.key, why: action.why });
    return;
  }
  logger.info('object re-driven', { jobId: job.jobId, bucket: job.bucket, key: job.key, why: 'no job record' });
  await ingestJob(job, context);
  report.ingested.push(`${job.bucket}/${job.key}`);
}
