/**
 * Batch scenario: a generated CSV of N rows is put into the input bucket; end-to-end = PutObject resolved →
 * summary.json first seen in the output bucket; decomposed from the job's probe records (runId = jobId).
 */
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { csvByteLength, csvStream } from '../csv-generator.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { BATCH_STEPS, decomposeBatch, usageCost } from '../lib/index.ts';
import type { Usage } from '../../local/meter/index.ts';
import type { BatchJobResult, CostBreakdown, ProbeRecord } from '../lib/index.ts';
import type { ProgressSink, Target } from '../types.ts';
import { probeRecordsWhen, waitForObject } from './aws-reads.ts';

export interface BatchRun extends BatchJobResult {
  jobId: string;
  /** The job's metered units × prices.json; undefined when the target has no meter (a deployed stack). */
  cost?: CostBreakdown;
  /** How long after ingest started the client saw PutObject resolve (0 normally). */
  uploadAckLateMs: number;
}

export function jobKey(runTag: string, rows: number): string {
  return `bench/${runTag}/rows-${rows}.csv`;
}

/** `<key without .csv>.summary.json` (docs/architecture.md). */
export function summaryKey(key: string): string {
  return `${key.replace(/\.csv$/i, '')}.summary.json`;
}

/** A job is complete in the probes when ingest, plan, finalize and every chunk have a successful record. */
function complete(records: readonly ProbeRecord[], chunks: number): boolean {
  const ok = records.filter((r) => !r.error);
  const has = (step: string) => ok.some((r) => r.step === step);
  const scored = new Set(ok.filter((r) => r.step === BATCH_STEPS.score).map((r) => r.chunk));
  return has(BATCH_STEPS.ingest) && has(BATCH_STEPS.plan) && has(BATCH_STEPS.finalize) && scored.size >= chunks;
}

/** Generous: 1M rows take seconds here, and a deployed stack may queue. */
function timeoutFor(rows: number): number {
  return 120_000 + rows * 0.5;
}

export async function runBatchJob(target: Target, rows: number, runTag: string): Promise<BatchRun> {
  const key = jobKey(runTag, rows);
  const bytes = csvByteLength(rows);
  await target.s3.send(
    new PutObjectCommand({ Bucket: target.inputBucket, Key: key, Body: csvStream(rows), ContentLength: bytes, ContentType: 'text/csv' }),
  );
  const putResolvedMs = Date.now();
  const summaryWrittenMs = await waitForObject(target.s3, target.outputBucket, summaryKey(key), timeoutFor(rows));
  const object = await target.s3.send(new GetObjectCommand({ Bucket: target.outputBucket, Key: summaryKey(key) }));
  const summary = JSON.parse(await object.Body!.transformToString()) as {
    jobId: string;
    status: string;
    chunks: number;
    rowsIn: number;
    reason?: string;
  };
  if (summary.status !== 'SUCCEEDED')
    throw new Error(`batch job ${summary.jobId} (${rows} rows) ended ${summary.status}: ${summary.reason ?? ''}`);
  const records = await probeRecordsWhen(target, summary.jobId, (r) => complete(r, summary.chunks));
  // The S3 notification can reach ingest before the PUT's answer reaches the client (by a millisecond or two: the
  // local S3 dispatches the event as it sends the answer): the object was complete by ingest start at the latest, so the upload counts as done then.
  const ingestStartMs = Math.min(...records.filter((r) => r.step === BATCH_STEPS.ingest).map((r) => r.startMs));
  const uploadAckLateMs = Math.max(0, putResolvedMs - ingestStartMs);
  const uploadDoneMs = Math.min(putResolvedMs, ingestStartMs);
  const decomposition = decomposeBatch({ records, uploadDoneMs, summaryWrittenMs, rows: summary.rowsIn });
  const usage = await meteredUsage(target, summary.jobId);
  const cost = usage && usageCost(usage, rows);
  return { name: `${rows.toLocaleString('en-US')} rows`, rows, bytes, jobId: summary.jobId, decomposition, usage, cost, uploadAckLateMs };
}

/**
 * The job's units as the local meter counted them, once its execution has closed (its last invocation's REPORT is
 * in): the execution is the one named after the job (`<key slug>-<jobId>`, docs/architecture.md).
 */
async function meteredUsage(target: Target, jobId: string): Promise<Usage | undefined> {
  const meter = target.meter;
  if (meter === undefined) return undefined;
  const executionArn = meter.executions().find((arn) => arn.endsWith(`-${jobId}`));
  if (executionArn === undefined) return undefined;
  const until = Date.now() + 10_000;
  while (Date.now() < until) {
    const execution = await target.sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (execution.status !== 'RUNNING') break;
    await sleep(20);
  }
  return meter.ofExecution(executionArn);
}

export async function runBatch(target: Target, rowsList: readonly number[], runTag: string, progress: ProgressSink): Promise<BatchRun[]> {
  const runs: BatchRun[] = [];
  // One unrecorded 1-row job first: the sync and idle-gap phases leave no warm instance behind, and a cold first
  // job would put its Init Durations into the fixed cost the crossover fits (the table still counts cold starts).
  progress.update('batch: warm-up job (not recorded)');
  await runBatchJob(target, 1, `${runTag}-warm-up`);
  for (const rows of rowsList) {
    progress.update(`batch: ${rows.toLocaleString('en-US')} rows (${(csvByteLength(rows) / 1e6).toFixed(1)} MB)`);
    runs.push(await runBatchJob(target, rows, runTag));
  }
  return runs;
}
