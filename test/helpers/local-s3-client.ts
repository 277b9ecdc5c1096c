import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { startEdge, type Edge } from '../../local/edge/index.ts';
import { startS3, type S3Service, type S3ServiceOptions } from '../../local/s3/index.ts';

/** The local S3 alone behind an edge, with an SDK client of the test's own (path-style, any credentials). */
export interface S3UnderTest {
  /** A scratch folder; the S3 data folder is `<root>/data`, anything else under `<root>` is outside it. */
  root: string;
  dataDir: string;
  s3: S3Service;
  edge: Edge;
  client: S3Client;
  /** Closes the client, both servers and the scratch folder. */
  stop(): Promise<void>;
}

export async function startS3UnderTest(name: string, options: Omit<S3ServiceOptions, 'dataDir'> = {}): Promise<S3UnderTest> {
  const root = await mkdtemp(join(tmpdir(), `${name}-`));
  const dataDir = join(root, 'data');
  const s3 = await startS3({ dataDir, ...options });
  const edge = await startEdge({ port: 0, routes: { s3: s3.listener } });
  const client = new S3Client({
    endpoint: edge.url,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: 't', secretAccessKey: 't' },
  });
  return {
    root,
    dataDir,
    s3,
    edge,
    client,
    stop: async () => {
      client.destroy();
      await edge.stop();
      await s3.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
