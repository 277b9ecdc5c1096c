/** Shared by the S3 adversarial tests: the local S3 behind an edge, an SDK client, and raw HTTP requests. */
import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { startEdge, type Edge } from '../../../local/edge/index.ts';
import { startS3, type S3Service } from '../../../local/s3/index.ts';

export interface S3UnderTest {
  /** A scratch folder; the S3 data folder is `<root>/data`, anything else under `<root>` is outside it. */
  root: string;
  dataDir: string;
  s3: S3Service;
  edge: Edge;
  client: S3Client;
  stop(): Promise<void>;
}

export async function startS3UnderTest(name: string): Promise<S3UnderTest> {
  const root = await mkdtemp(join(tmpdir(), `${name}-`));
  const dataDir = join(root, 'data');
  const s3 = await startS3({ dataDir });
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

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** An HTTP request with the path exactly as given (fetch and the SDK would resolve `..` segments or re-encode). */
export function rawRequest(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<RawAnswer> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body ?? '')) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** The `<Code>` of an S3 error document. */
export function errorCode(answer: RawAnswer): string | undefined {
  return /<Code>([^<]*)<\/Code>/.exec(answer.body)?.[1];
}
