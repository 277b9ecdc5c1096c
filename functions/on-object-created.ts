import type { Context, S3Event, S3EventRecord } from 'aws-lambda';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { dynamo, sfn } from './lib/aws/clients.ts';
import { isAwsError } from './lib/aws/errors.ts';
import { config } from './lib/config.ts';
import { logger } from './lib/logger.ts';
import { JobStore } from './lib/jobs/JobStore.ts';
import type { JobRecord, JobRef } from './lib/jobs/types.ts';
import { withProbe } from './lib/probes/with-probe.ts';
import { readHeaderBlock } from './lib/s3/read-header.ts';
import type { HeaderBlock } from './lib/s3/read-header.ts';
import { ObjectChangedError } from './lib/s3/errors.ts';
import { completeObject, newJobRecord, notifiedObject } from './lib/batch/ingest-record.ts';
import type { NotifiedObject } from './lib/batch/ingest-record.ts';
import { failJob } from './lib/batch/fail-job.ts';
import { inspectHead, matchColumns } from './lib/batch/csv-port.ts';
import { countJob } from './lib/metrics/index.ts';
import { claimOutputs, yieldOutputs } from './lib/batch/output-lease.ts';

export type IngestOutcome =
  | { key: string; outcome: 'started'; jobId: string; executionArn: string; startedAtMs: number }
  | { key: string; outcome: 'duplicate'; jobId: string }
  | { key: string; outcome: 'superseded'; jobId: string; reason: string }
  | { key: string; outcome: 'failed'; jobId?: string; reason: string };

/** S3 ObjectCreated → one batch job per object version (see docs/architecture.md, batch flow step 1). */
export async function handler(event: S3Event, context?: Context): Promise<IngestOutcome[]> {
  const outcomes: IngestOutcome[] = [];
  for (const record of event.Records ?? []) {
    // Only creations start jobs (a bucket may be configured to send other event types too).
    if (!record.eventName?.startsWith('ObjectCreated:')) continue;
    outcomes.push(await ingest(record, context));
    countJob(outcomes[outcomes.length - 1].outcome);
  }
  return outcomes;
}

async function ingest(record: S3EventRecord, context: Context | undefined): Promise<IngestOutcome> {
  let object: NotifiedObject;
  let job: JobRecord;
  try {
    object = await completeObject(notifiedObject(record));
    job = newJobRecord(object, new Date());
  } catch (error) {
    // No safe output location (undecodable or unmirrorable key): nothing to write but the log line.
    const reason = error instanceof Error ? error.message : String(error);
    logger.error('object refused', { bucket: record.s3.bucket.name, rawKey: record.s3.object.key, reason });
    return { key: record.s3.object.key, outcome: 'failed', reason };
  }
  return withProbe(
    { runId: job.jobId, step: 'ingest' },
    () => ingestJob(job, context),
    (outcome) => ({
      bytes: job.size,
      step: outcome.outcome === 'duplicate' ? 'ingest-duplicate' : 'ingest',
      ...(outcome.outcome === 'started' ? { endMs: outcome.startedAtMs } : {}),
    }),
  );
}

async function ingestJob(job: JobRecord, context: Context | undefined): Promise<IngestOutcome> {
  const store = new JobStore(dynamo(), config().jobsTable);
  if ((await store.create(job)) === 'duplicate') {
    const existing = await store.get(job.jobId);
    // Re-drive only a job whose ingest died between the record and the workflow start; the deterministic
    // execution name keeps that from ever running two workflows.
    if (existing?.status !== 'PENDING' || existing.executionArn) {
      logger.info('duplicate event', { jobId: job.jobId, status: existing?.status });
      return { key: job.key, outcome: 'duplicate', jobId: job.jobId };
    }
    job = existing;
  } else {
    logger.info('job state', { jobId: job.jobId, status: 'PENDING', bucket: job.bucket, key: job.key, size: job.size });
  }
  // The newest version of the key wins its outputs (lib/jobs/newest-wins.ts): an event for a version older than one
  // already recorded (S3 delivers out of order) ends its job here, before any work.
  const claim = await claimOutputs(job);
  if (claim.kind === 'superseded') return { key: job.key, outcome: 'superseded', jobId: job.jobId, reason: await yieldOutputs(job, claim.by) };
  const columns = await inspectObject(job);
  if (!columns.ok) return failIngest(job, columns.reason, context);
  return startWorkflow(store, job, columns.columns, context);
}


async function inspectObject(job: JobRecord): Promise<{ ok: true; columns: object } | { ok: false; reason: string }> {
  const maxHeaderBytes = config().maxRecordBytes;
  let head: HeaderBlock = { block: Buffer.alloc(0), headerEnd: -1 };
  try {
    if (job.size > 0) head = await readHeaderBlock(job, job.size, 64 * 1024, maxHeaderBytes);
  } catch (error) {
    // The object was replaced or deleted before we read it: this version's job ends here (a newer upload has
    // its own event and job).
    if (error instanceof ObjectChangedError) return { ok: false, reason: error.message };
    if (isAwsError(error, 'NoSuchKey', 'NotFound')) return { ok: false, reason: 'object was deleted before it could be read' };
    throw error;
  }
  const inspection = inspectHead(head.block, head.headerEnd, job.size, maxHeaderBytes);
  if (!inspection.ok) return inspection;
  return matchColumns(inspection.header);
}

async function startWorkflow(store: JobStore, job: JobRecord, columns: object, context: Context | undefined): Promise<IngestOutcome> {
  const ref: JobRef = {
    jobId: job.jobId, bucket: job.bucket, key: job.key, etag: job.etag, versionId: job.versionId,
    size: job.size, sequencer: job.sequencer ?? '', columns, outputKeys: job.outputKeys,
  };
  const stateMachineArn = config().batchStateMachineArn;
  if (!stateMachineArn) return failIngest(job, 'service misconfigured: BATCH_STATE_MACHINE_ARN is not set', context);
  try {
    const started = await sfn().send(new StartExecutionCommand({
      stateMachineArn, name: job.executionName, input: JSON.stringify({ job: ref }),
    }));
    const startedAtMs = Date.now();
    const executionArn = started.executionArn ?? '';
    await store.markRunning(job.jobId, executionArn);
    logger.info('job state', { jobId: job.jobId, status: 'RUNNING', executionArn });
    return { key: job.key, outcome: 'started', jobId: job.jobId, executionArn, startedAtMs };
  } catch (error) {
    if (isAwsError(error, 'ExecutionAlreadyExists')) {
      logger.info('duplicate event', { jobId: job.jobId, executionName: job.executionName });
      return { key: job.key, outcome: 'duplicate', jobId: job.jobId };
    }
    throw error;
  }
}

/**
 * Refused at ingest: FAILED record and the summary at once, no workflow — unless a newer upload of the key took the
 * outputs in the meantime (the summary is theirs then; this job ends SUPERSEDED).
 */
async function failIngest(job: JobRecord, reason: string, context: Context | undefined): Promise<IngestOutcome> {
  const ended = await failJob({ job, reason, authority: 'ingest', context, record: job, counts: { rowsIn: 0, rowsScored: 0, rowsRejected: 0 } });
  if (ended.status === 'SUPERSEDED') return { key: job.key, outcome: 'superseded', jobId: job.jobId, reason: ended.reason };
  return { key: job.key, outcome: 'failed', jobId: job.jobId, reason };
}
