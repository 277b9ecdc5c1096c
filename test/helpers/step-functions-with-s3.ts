/**
 * The local Step Functions with the local S3 behind one edge, as Distributed Maps need them (ItemReader and
 * ResultWriter go through the edge's S3), plus SDK clients pointed at the edge: for tests that drive state machines
 * with stand-in Lambda functions rather than the whole stack.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { startS3 } from '../../local/s3/index.ts';
import { startEdge, type Edge } from '../../local/edge/index.ts';
import {
  s3MapRunStorage,
  startStepFunctions,
  type StepFunctionsOptions,
  type StepFunctionsService,
} from '../../local/stepfunctions/index.ts';

export interface StepFunctionsWithS3 {
  sfn: StepFunctionsService;
  edge: Edge;
  client: SFNClient;
  s3: S3Client;
  stop(): Promise<void>;
}

const REGION = 'us-east-1';
const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

/** Starts S3, Step Functions and the edge on ephemeral ports, in a fresh data folder, and creates `buckets`. */
export async function startStepFunctionsWithS3(
  options: Omit<StepFunctionsOptions, 'port' | 'mapRunStorage'>,
  buckets: string[],
): Promise<StepFunctionsWithS3> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sfn-s3-'));
  const s3Service = await startS3({ dataDir, onEvent: async () => undefined });
  let edgeUrl = '';
  const sfn = await startStepFunctions({ ...options, port: 0, mapRunStorage: s3MapRunStorage(() => edgeUrl, REGION) });
  const edge = await startEdge({ port: 0, routes: { s3: s3Service.listener, stepfunctions: sfn.listener } });
  edgeUrl = edge.url;
  const client = new SFNClient({ endpoint: edge.url, region: REGION, credentials: CREDENTIALS });
  const s3 = new S3Client({ endpoint: edge.url, region: REGION, forcePathStyle: true, credentials: CREDENTIALS });
  for (const bucket of buckets) await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  return {
    sfn,
    edge,
    client,
    s3,
    async stop() {
      client.destroy();
      s3.destroy();
      await edge.stop();
      await sfn.stop();
      await s3Service.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
