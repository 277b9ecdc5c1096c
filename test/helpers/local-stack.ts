/**
 * The whole local stack for integration tests: ephemeral ports, a fresh temp data folder, and real AWS SDK clients
 * pointed at the edge exactly as a user's would be.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../local/stack.ts';
import { LOCAL_REGION } from '../../local/local-names.ts';
import { deriveOutputKeys } from '../../functions/lib/jobs/output-keys.ts';

export interface TestStack {
  stack: LocalStack;
  edgeUrl: string;
  s3: S3Client;
  dynamodb: DynamoDBClient;
  sfn: SFNClient;
  put(bucket: string, key: string, body: string | Buffer): Promise<void>;
  getText(bucket: string, key: string): Promise<string>;
  /** Waits until the job's summary.json exists (it is written last) and returns it. */
  waitForSummary(key: string, timeoutMs?: number): Promise<JobSummaryView>;
  stop(): Promise<void>;
}

export interface JobSummaryView {
  jobId: string;
  status: string;
  reason?: string;
  rowsIn: number;
  rowsScored: number;
  rowsRejected: number;
  chunks: number;
  outputs: { bucket: string; scored: string | null; errors: string | null };
  columns?: { feature: string; column: string | null; position: number; match: string }[];
}

const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * A test stack whose Lambda runtime injects `faults` (local/lambda/faults.ts). LOCAL_LAMBDA_FAULTS is read once, as
 * the runtime is built, and restored at once: later stacks in this process do not inherit the faults.
 */
export async function startTestStackWithFaults(faults: unknown[], options: Partial<LocalStackOptions> = {}): Promise<TestStack> {
  const previous = process.env.LOCAL_LAMBDA_FAULTS;
  process.env.LOCAL_LAMBDA_FAULTS = JSON.stringify(faults);
  try {
    return await startTestStack(options);
  } finally {
    if (previous === undefined) delete process.env.LOCAL_LAMBDA_FAULTS;
    else process.env.LOCAL_LAMBDA_FAULTS = previous;
  }
}

export async function startTestStack(options: Partial<LocalStackOptions> = {}): Promise<TestStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'stack-'));
  const stack = await startLocalStack({
    apiPort: 0,
    concurrency: 4,
    lambdaLogs: false,
    ...options,
    aws: { edgePort: 0, dataDir, fresh: true, ...options.aws },
  });
  const endpoint = stack.aws!.edgeUrl;
  const common = { endpoint, region: LOCAL_REGION, credentials: CREDENTIALS };
  const s3 = new S3Client({ ...common, forcePathStyle: true });
  const getText = async (bucket: string, key: string): Promise<string> => {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return object.Body!.transformToString();
  };
  return {
    stack,
    edgeUrl: endpoint,
    s3,
    dynamodb: new DynamoDBClient(common),
    sfn: new SFNClient(common),
    put: async (bucket, key, body) => {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    },
    getText,
    waitForSummary: async (key, timeoutMs = 60_000) => {
      const summaryKey = deriveOutputKeys(key).summary;
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        try {
          await s3.send(new HeadObjectCommand({ Bucket: 'output', Key: summaryKey }));
          return JSON.parse(await getText('output', summaryKey)) as JobSummaryView;
        } catch {
          await sleep(100);
        }
      }
      throw new Error(`no ${summaryKey} after ${timeoutMs} ms`);
    },
    stop: async () => {
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
