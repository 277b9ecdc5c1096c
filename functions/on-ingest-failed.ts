import type { Context, S3EventRecord } from 'aws-lambda';
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { dynamo, sfn } from './lib/aws/clients.ts';
import { isAwsError } from './lib/aws/errors.ts';
import { config } from './lib/config.ts';
import { logger } from './lib/logger.ts';
import { failJob, type FailJobOutcome } from './lib/batch/fail-job.ts';
import { completeObject, newJobRecord, notifiedObject } from './lib/batch/ingest-record.ts';
import { claimOutputs, yieldOutputs } from './lib/batch/output-lease.ts';
import { JobStore } from './lib/jobs/JobStore.ts';
import type { JobRecord } from './lib/jobs/types.ts';
import { countJob } from './lib/metrics/index.ts';
import { ingestFailedReason, parseInvocationFailure } from './lib/safety-net/events.ts';

export type IngestFailedOutcome =
  | ({ key: string; jobId: string } & FailJobOutcome)
  | { key: string; jobId: string; status: 'WORKFLOW_RUNS' }
  | { key: string; status: 'REFUSED'; reason: string };

/**
 * Lambda's failure record of an S3 notification whose ingest failed on every attempt (the function's asynchronous
 * invoke config sends it to EventBridge; the rule in infra/constructs/JobSafetyNet.ts brings it here). Without this,
 * the event is dropped and its job stays PENDING, or never exists, with no summary. Each object's job is ended
 * FAILED the same way as any other (lib/batch/fail-job.ts) — unless its workflow did start (then the workflow, or
 * the execution status change, ends it) or it already ended.
 */
export async function handler(event: unknown, context?: Context): Promise<IngestFailedOutcome[]> {
  const failure = parseInvocationFailure(event);
  const records = ((failure.requestPayload as { Records?: S3EventRecord[] } | undefined)?.Records ?? [])
    .filter((record) => record.eventName?.startsWith('ObjectCreated:'));
  const reason = ingestFailedReason(failure);
  const outcomes: IngestFailedOutcome[] = [];
  for (const record of records) {
    const outcome = await endJob(record, reason, context);
    if (outcome.status === 'FAILED' || outcome.status === 'SUPERSEDED') countJob(outcome.status === 'FAILED' ? 'failed' : 'superseded');
    outcomes.push(outcome);
  }
  return outcomes;
}

async function endJob(record: S3EventRecord, reason: string, context: Context | undefined): Promise<IngestFailedOutcome> {
  let job: JobRecord;
  try {
    job = newJobRecord(await completeObject(notifiedObject(record)), new Date());
  } catch (error) {
    // No safe output location (the ingest refuses such keys alike): nothing to write but the log line.
    const refused = error instanceof Error ? error.message : String(error);
    logger.error('object refused', { bucket: record.s3.bucket.name, rawKey: record.s3.object.key, reason: refused });
    return { key: record.s3.object.key, status: 'REFUSED', reason: refused };
  }
  const store = new JobStore(dynamo(), config().jobsTable);
  if ((await store.create(job)) === 'created') {
    // The ingest died before recording the job: record and claim it as the ingest would have.
    const claim = await claimOutputs(job);
    if (claim.kind === 'superseded') return { key: job.key, jobId: job.jobId, status: 'SUPERSEDED', reason: await yieldOutputs(job, claim.by) };
  } else {
    job = (await store.get(job.jobId)) ?? job;
    if (job.executionArn || (await executionStarted(job))) return { key: job.key, jobId: job.jobId, status: 'WORKFLOW_RUNS' };
  }
  return { key: job.key, jobId: job.jobId, ...(await failJob({ job, reason, authority: 'late', context, record: job })) };
}

/** The ingest may have started the workflow and died before recording it: the execution name is deterministic. */
async function executionStarted(job: JobRecord): Promise<boolean> {
  const stateMachineArn = config().batchStateMachineArn;
  if (!stateMachineArn) return false;
  const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${job.executionName}`;
  try {
    await sfn().send(new DescribeExecutionCommand({ executionArn }));
    return true;
  } catch (error) {
    if (isAwsError(error, 'ExecutionDoesNotExist')) return false;
    throw error;
  }
}
