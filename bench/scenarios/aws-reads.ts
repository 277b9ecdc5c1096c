/**
 * The few AWS reads the scenarios share: probe records of a run, polling for an object, a batch job's time to its
 * summary, an execution's history.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { BenchTimeoutError } from '../errors.ts';
import { GetExecutionHistoryCommand, type HistoryEvent as SfnHistoryEvent, type SFNClient } from '@aws-sdk/client-sfn';
import type { HistoryEvent, ProbeRecord } from '../lib/index.ts';
import type { Target } from '../types.ts';
import { deriveOutputKeys } from '../../functions/lib/jobs/output-keys.ts';
import type { JobSummary } from '../../functions/lib/batch/types.ts';

/** Every probe record of one run (runId = jobId or execution ARN), all pages. */
export async function probeRecords(target: Target, runId: string): Promise<ProbeRecord[]> {
  const records: ProbeRecord[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await target.ddb.send(
      new QueryCommand({
        TableName: target.table,
        KeyConditionExpression: 'runId = :run',
        ExpressionAttributeValues: { ':run': runId },
        ExclusiveStartKey: startKey,
      }),
    );
    records.push(...((page.Items ?? []) as ProbeRecord[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return records;
}

/**
 * Probe records once `complete(records)` holds: a handler writes its probe after its step, so the last step's
 * record can land a moment after the step's visible effect (e.g. summary.json).
 */
export async function probeRecordsWhen(
  target: Target,
  runId: string,
  complete: (records: ProbeRecord[]) => boolean,
  timeoutMs = 10_000,
): Promise<ProbeRecord[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const records = await probeRecords(target, runId);
    if (complete(records)) return records;
    if (Date.now() > until)
      throw new BenchTimeoutError(`probe records of ${runId} (have ${records.map((r) => r.step).join(',')})`, timeoutMs);
    await sleep(50);
  }
}

/** Polls until the object exists; resolves with the epoch ms the poll first saw it. */
export async function waitForObject(s3: S3Client, bucket: string, key: string, timeoutMs: number, pollMs = 25): Promise<number> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return Date.now();
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status !== 404 && status !== 403) throw error;
    }
    if (Date.now() > until) throw new BenchTimeoutError(`s3://${bucket}/${key}`, timeoutMs);
    await sleep(pollMs);
  }
}

/** A batch job timed end to end: ms from its PUT completing to its summary, the summary, and when the PUT completed. */
export interface SummaryTiming {
  ms: number;
  summary: JobSummary;
  put: number;
}

/** PUTs `key` into the input bucket and polls (every `pollMs`) until the job's summary is written; reads it. */
export async function timeToSummary(
  s3: S3Client,
  key: string,
  body: Buffer | string,
  timeoutMs: number,
  pollMs: number,
): Promise<SummaryTiming> {
  await s3.send(new PutObjectCommand({ Bucket: 'input', Key: key, Body: body }));
  const put = Date.now();
  const summaryKey = deriveOutputKeys(key).summary;
  const seen = await waitForObject(s3, 'output', summaryKey, timeoutMs, pollMs);
  const out = await s3.send(new GetObjectCommand({ Bucket: 'output', Key: summaryKey }));
  return { ms: seen - put, summary: JSON.parse(await out.Body!.transformToString()) as JobSummary, put };
}

/** GetExecutionHistory, every page, in the bench core's event type. */
export async function executionHistory(sfn: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: SfnHistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events as HistoryEvent[];
}
