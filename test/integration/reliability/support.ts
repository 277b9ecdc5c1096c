/** Shared by the reliability tests: deterministic CSV bodies and reads of the job records, executions and objects. */
import { HeadObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListExecutionsCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { sampleText } from '../../helpers/events.ts';

export const BATCH_ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:batch-scoring';

/** Small chunks so a few hundred rows span several Map iterations (several ScoreChunk tasks). */
export const SMALL_CHUNKS = { CHUNK_TARGET_BYTES: '1024', MIN_CHUNK_BYTES: '512' };

const IRIS_ROWS = sampleText('csv/iris.csv')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split(','));

/** An Iris-shaped CSV of `rows` data rows (ids 1..rows, measurements cycling through the sample, `salt` in a passthrough column). */
export function irisCsv(rows: number, salt = ''): string {
  const lines = ['id,sepal_length,sepal_width,petal_length,petal_width,species,note'];
  for (let i = 0; i < rows; i++) {
    const [, ...rest] = IRIS_ROWS[i % IRIS_ROWS.length]!;
    lines.push([String(i + 1), ...rest, `${salt}r${i + 1}`].join(','));
  }
  return `${lines.join('\n')}\n`;
}

export interface JobItem {
  jobId: string;
  key: string;
  status: string;
  reason?: string;
  executionArn?: string;
}

/** Every Jobs record for an input key. */
export async function jobsFor(dynamodb: DynamoDBClient, key: string): Promise<JobItem[]> {
  const out = await dynamodb.send(
    new ScanCommand({
      TableName: 'Jobs',
      FilterExpression: '#k = :k',
      ExpressionAttributeNames: { '#k': 'key' },
      ExpressionAttributeValues: { ':k': { S: key } },
    }),
  );
  return (out.Items ?? []).map((item) => ({
    jobId: item.jobId?.S ?? '',
    key: item.key?.S ?? '',
    status: item.status?.S ?? '',
    ...(item.reason?.S ? { reason: item.reason.S } : {}),
    ...(item.executionArn?.S ? { executionArn: item.executionArn.S } : {}),
  }));
}

/** Batch executions whose name carries the job id. */
export async function executionsFor(sfn: SFNClient, jobId: string): Promise<{ name: string; status: string }[]> {
  const out = await sfn.send(new ListExecutionsCommand({ stateMachineArn: BATCH_ARN, maxResults: 1000 }));
  return (out.executions ?? []).filter((e) => e.name?.endsWith(jobId)).map((e) => ({ name: e.name ?? '', status: e.status ?? '' }));
}

export async function exists(s3: S3Client, bucket: string, key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch {
    return false;
  }
}

export async function listKeys(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const out = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key ?? '');
}

/** Polls `check` until it returns a value (not undefined) or the time is up. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000, everyMs = 50): Promise<T> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}
