import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { sfn } from '../../aws/clients.ts';
import { isAwsError } from '../../aws/errors.ts';
import { config } from '../../config.ts';
import { logger } from '../../logger.ts';
import { billTo } from '../../billing/invocation-units.ts';
import { readHeaderBlock } from '../../s3/read-header.ts';
import type { HeaderBlock } from '../../s3/read-header.ts';
import { ObjectChangedError } from '../../s3/errors.ts';
import { inspectHead, matchColumns } from '../../batch/csv-port.ts';
import { matchKeys } from '../../batch/jsonl-port.ts';
import { requireInputFormat } from '../input-format.ts';
import { readInflatedHead } from '../../s3/inflate-object.ts';
import { InvalidGzipError } from '../../batch/errors.ts';
import { resolveJobModel } from '../../batch/job-model.ts';
import type { PinnedModel } from '../../model-store/types.ts';
import type { JobRecord, JobRef } from '../types.ts';
import { jobStore } from './JobStore.ts';
import type { JobStore } from './JobStore.ts';
import { failJob } from './fail-job.ts';
import { claimOutputs, yieldOutputs } from './output-lease.ts';
import type { RemainingTime } from './output-lease.ts';
import { toRunning } from './transitions.ts';
import { ParquetInputError } from '../../parquet/errors.ts';
import { readParquetHead } from '../../parquet/steps/parquet-ingest.ts';

export type IngestOutcome =
  | { key: string; outcome: 'started'; jobId: string; executionArn: string; startedAtMs: number }
  | { key: string; outcome: 'duplicate'; jobId: string }
  | { key: string; outcome: 'superseded'; jobId: string; reason: string }
  | { key: string; outcome: 'failed'; jobId?: string; reason: string };

/**
 * PENDING → RUNNING: records the job (or finds it), claims its outputs, reads the header and starts the workflow
 * under the job's deterministic execution name — or ends the job at once (SUPERSEDED, or FAILED with its summary).
 * A PENDING record without an execution is re-driven the same way, whoever finds it (a redelivered S3 event, or
 * reconcile-jobs.ts after the workflow was lost).
 */
export async function ingestJob(job: JobRecord, context: RemainingTime | undefined): Promise<IngestOutcome> {
  billTo(job.jobId);
  const store = jobStore();
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
  // The newest version of the key wins its outputs (../newest-wins.ts): an event for a version older than one
  // already recorded (S3 delivers out of order) ends its job here, before any work.
  const claim = await claimOutputs(job);
  if (claim.kind === 'superseded')
    return { key: job.key, outcome: 'superseded', jobId: job.jobId, reason: await yieldOutputs(job, claim.by) };
  const head = await readHead(job);
  if (!head.ok) return failIngest(job, head.reason, context);
  // The model and the explicit column pairs both come from the object's user metadata, which the header read returned.
  const model = await resolveJobModel(head.head.metadata);
  if (!model.ok) return failIngest(job, model.reason, context);
  const columns = await head.head.matchColumns(model.model, model.shadow);
  if (!columns.ok) return failIngest(job, columns.reason, context);
  return startWorkflow(store, job, columns.columns, context, { model: model.model, shadow: model.shadow });
}

/** What ingest reads of the object: its user metadata, and how its columns feed the job's model. */
interface ObjectHead {
  metadata: Record<string, string>;
  matchColumns(
    model: PinnedModel | undefined,
    shadow: PinnedModel | undefined,
  ): Promise<{ ok: true; columns: object } | { ok: false; reason: string }>;
}

/**
 * A text input's first records and its user metadata, in one ranged GET (none for a 0-byte object); for a gzip input
 * its first inflated bytes, and `size` the inflated size when they are all there is (else unknown: null). A Parquet
 * file's footer (functions/lib/parquet/steps/parquet-ingest.ts).
 */
async function readHead(job: JobRecord): Promise<{ ok: true; head: ObjectHead } | { ok: false; reason: string }> {
  try {
    if (requireInputFormat(job.key).kind === 'parquet') return { ok: true, head: await readParquetHead(job, job.size) };
    const text = await readTextHead(job);
    return { ok: true, head: { metadata: text.metadata, matchColumns: (model) => matchObjectColumns(job, text, model) } };
  } catch (error) {
    if (error instanceof InvalidGzipError || error instanceof ParquetInputError) return { ok: false, reason: error.message };
    // The object was replaced or deleted before we read it: this version's job ends here (a newer upload has
    // its own event and job).
    if (error instanceof ObjectChangedError) return { ok: false, reason: error.message };
    if (isAwsError(error, 'NoSuchKey', 'NotFound')) return { ok: false, reason: 'object was deleted before it could be read' };
    throw error;
  }
}

/** The head ingest reads of a text input: `size` is the size of the text (inflated, for gzip), null when not known yet. */
type InputHead = HeaderBlock & { size: number | null };

async function readTextHead(job: JobRecord): Promise<InputHead> {
  if (job.size === 0) return { block: Buffer.alloc(0), headerEnd: -1, metadata: {}, size: 0 };
  if (requireInputFormat(job.key).compression === 'gzip') return readInflatedHead(job, job.size, config().maxRecordBytes);
  return { ...(await readHeaderBlock(job, job.size, 64 * 1024, config().maxRecordBytes)), size: job.size };
}

async function matchObjectColumns(
  job: JobRecord,
  head: InputHead,
  model: PinnedModel | undefined,
): Promise<{ ok: true; columns: object } | { ok: false; reason: string }> {
  // Unknown (a gzip input read in part): more text follows the block.
  const size = head.size ?? head.block.length + 1;
  if (requireInputFormat(job.key).kind === 'jsonl') return matchKeys(head.block, size, head.metadata, model);
  const inspection = inspectHead(head.block, head.headerEnd, size, config().maxRecordBytes);
  if (!inspection.ok) return inspection;
  return matchColumns(inspection.header, head.metadata, model);
}

async function startWorkflow(
  store: JobStore,
  job: JobRecord,
  columns: object,
  context: RemainingTime | undefined,
  { model, shadow }: { model?: PinnedModel; shadow?: PinnedModel },
): Promise<IngestOutcome> {
  const ref: JobRef = {
    jobId: job.jobId,
    bucket: job.bucket,
    key: job.key,
    etag: job.etag,
    versionId: job.versionId,
    size: job.size,
    sequencer: job.sequencer ?? '',
    columns,
    outputKeys: job.outputKeys,
    ...(model ? { model } : {}),
    ...(shadow ? { shadow } : {}),
  };
  const stateMachineArn = config().batchStateMachineArn;
  if (!stateMachineArn) return failIngest(job, 'service misconfigured: BATCH_STATE_MACHINE_ARN is not set', context);
  try {
    const started = await sfn().send(
      new StartExecutionCommand({
        stateMachineArn,
        name: job.executionName,
        input: JSON.stringify({ job: ref }),
      }),
    );
    const startedAtMs = Date.now();
    const executionArn = started.executionArn ?? '';
    await store.apply(job.jobId, toRunning(executionArn, new Date(), model, shadow));
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
async function failIngest(job: JobRecord, reason: string, context: RemainingTime | undefined): Promise<IngestOutcome> {
  const ended = await failJob({
    job,
    reason,
    authority: 'ingest',
    context,
    record: job,
    counts: { rowsIn: 0, rowsScored: 0, rowsRejected: 0 },
  });
  if (ended.status === 'SUPERSEDED') return { key: job.key, outcome: 'superseded', jobId: job.jobId, reason: ended.reason };
  return { key: job.key, outcome: 'failed', jobId: job.jobId, reason };
}
