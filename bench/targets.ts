/**
 * The two targets. The measuring code only sees a Target: an API URL, bucket and table names, and AWS SDK clients.
 * Locally the clients get `endpoint` = the edge URL; deployed they use the default credential chain and region.
 */
import type { Meter } from '../local/meter/index.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { ReportFigures, Target, TargetConfig } from './types.ts';

/** Names the local stack uses (docs/architecture.md, "Local ARNs and names"). */
export const LOCAL_NAMES = { inputBucket: 'input', outputBucket: 'output', table: 'Probes', region: 'us-east-1' } as const;

export interface ClientSettings {
  region: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  forcePathStyle?: boolean;
}

/** SDK settings for a target: the local edge needs an endpoint, dummy credentials and path-style S3. */
export function clientSettings(config: TargetConfig, edgeUrl?: string): ClientSettings {
  if (config.kind === 'deployed') return { region: config.region };
  return {
    region: LOCAL_NAMES.region,
    endpoint: edgeUrl,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    forcePathStyle: true,
  };
}

function clients(settings: ClientSettings): Pick<Target, 's3' | 'ddb' | 'sfn'> {
  const { forcePathStyle, ...common } = settings;
  return {
    s3: new S3Client({ ...common, forcePathStyle }),
    ddb: DynamoDBDocumentClient.from(new DynamoDBClient(common)),
    sfn: new SFNClient(common),
  };
}

function destroy(target: Pick<Target, 's3' | 'ddb' | 'sfn'>): void {
  target.s3.destroy();
  target.ddb.destroy();
  target.sfn.destroy();
}

export function deployedTarget(config: Extract<TargetConfig, { kind: 'deployed' }>, memoryMb?: number): Target {
  const c = clients(clientSettings(config));
  return {
    kind: 'deployed',
    apiUrl: config.apiUrl,
    inputBucket: config.inputBucket,
    outputBucket: config.outputBucket,
    table: config.table,
    ...c,
    memoryMb,
    stop: async () => destroy(c),
  };
}

/** Starts the whole local stack on free ports with a fresh temp data folder; `stop()` removes it again. */
export async function localTarget(config: Extract<TargetConfig, { kind: 'local' }>): Promise<Target> {
  const { startLocalStack } = await import('../local/stack.ts');
  // This process hosts the stack, as `npm start`'s does: the same V8 tuning.
  (await import('../local/process-tuning.ts')).tuneStackProcess();
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-stack-'));
  const stack = await startLocalStack({
    apiPort: 0,
    aws: { edgePort: 0, dataDir, fresh: true },
    concurrency: config.instances,
    idleTimeoutMs: config.idleTimeoutMs,
    lambdaLogs: false,
    environment: { POWERTOOLS_LOG_LEVEL: 'ERROR' },
    // The stage throttle (500 req/s in the CDK stack) would cap the sync scenarios: measure the runtime, not the limit.
    throttle: { rateLimit: 1_000_000, burstLimit: 1_000_000 },
  });
  const c = clients(clientSettings(config, stack.aws?.edgeUrl));
  return {
    kind: 'local',
    apiUrl: stack.apiUrl.replace(/\/+$/, ''),
    ...LOCAL_NAMES,
    ...c,
    memoryMb: stack.aws?.definitions.function.memorySize,
    idleTimeoutMs: config.idleTimeoutMs,
    meter: stack.meter && meterReader(stack.meter),
    onReport: (listener: (report: ReportFigures) => void) => {
      // Both functions of the stack: the API's (sync scenarios) and the tasks' (batch, experiments).
      const runtimes = [stack.runtime, ...(stack.taskRuntime ? [stack.taskRuntime] : [])];
      for (const runtime of runtimes) runtime.on('report', listener);
      return () => {
        for (const runtime of runtimes) runtime.off('report', listener);
      };
    },
    stop: async () => {
      destroy(c);
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Copies of the meter's counters (they keep counting after a read). */
function meterReader(meter: Meter): NonNullable<Target['meter']> {
  return {
    run: () => structuredClone(meter.run),
    executions: () => meter.traces().flatMap((t) => t.executions),
    ofExecution: (executionArn) => {
      const trace = meter.byExecution(executionArn);
      return trace && structuredClone(trace.usage);
    },
  };
}

export function openTarget(config: TargetConfig, memoryMb?: number): Promise<Target> {
  return config.kind === 'local' ? localTarget(config) : Promise.resolve(deployedTarget(config, memoryMb));
}
