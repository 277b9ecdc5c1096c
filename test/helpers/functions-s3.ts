import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEdge } from '../../local/edge/index.ts';
import { startS3 } from '../../local/s3/index.ts';
import { s3 } from '../../functions/lib/aws/clients.ts';

/** Points the functions' own AWS clients at an edge, as the local stack configures a Lambda (path-style S3). */
export function pointFunctionsAt(edgeUrl: string): void {
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: edgeUrl,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 't',
    AWS_SECRET_ACCESS_KEY: 't',
    S3_FORCE_PATH_STYLE: 'true',
  });
}

/**
 * The local S3 alone behind an edge, the functions' S3 client pointed at it: for tests of functions/lib/s3 over the
 * real protocol. `stop` closes the client, both servers and the data folder.
 */
export async function startFunctionsS3(name: string): Promise<{ stop(): Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), `${name}-`));
  const service = await startS3({ dataDir });
  const edge = await startEdge({ port: 0, routes: { s3: service.listener } });
  pointFunctionsAt(edge.url);
  return {
    stop: async () => {
      s3().destroy();
      await edge.stop();
      await service.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
