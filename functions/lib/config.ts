import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { METRICS_NAMESPACE, METRICS_SERVICE } from './metrics/names.ts';

/** Every tunable of the service in one typed place; values come from env vars with the defaults below. */
export interface ServiceConfig {
  modelPath: string;
  /** The bucket whose uploads start batch jobs (reconcile-jobs lists it). */
  inputBucket: string;
  outputBucket: string;
  jobsTable: string;
  probesTable: string;
  batchStateMachineArn: string | undefined;
  experimentStateMachineArn: string | undefined;
  chunkTargetBytes: number;
  minChunkBytes: number;
  /** The batch Map's MaxConcurrency: Plan spreads a mid-sized file over this many chunks. */
  mapConcurrency: number;
  inferenceBatchRows: number;
  maxBodyBytes: number;
  maxRows: number;
  maxRecordBytes: number;
  s3ForcePathStyle: boolean;
  probeTtlDays: number;
  /** CloudWatch namespace and `service` dimension of the EMF metrics (functions/lib/metrics). */
  metricsNamespace: string;
  serviceName: string;
}

type Env = Record<string, string | undefined>;

const MiB = 1024 * 1024;

export function loadConfig(env: Env = process.env): ServiceConfig {
  return {
    modelPath: env.MODEL_PATH ?? defaultModelPath(env),
    inputBucket: env.INPUT_BUCKET ?? 'input',
    outputBucket: env.OUTPUT_BUCKET ?? 'output',
    jobsTable: env.JOBS_TABLE ?? 'Jobs',
    probesTable: env.PROBES_TABLE ?? 'Probes',
    batchStateMachineArn: env.BATCH_STATE_MACHINE_ARN,
    experimentStateMachineArn: env.EXPERIMENT_STATE_MACHINE_ARN,
    chunkTargetBytes: positiveInt(env, 'CHUNK_TARGET_BYTES', 32 * MiB),
    minChunkBytes: positiveInt(env, 'MIN_CHUNK_BYTES', 5 * MiB),
    mapConcurrency: positiveInt(env, 'MAP_CONCURRENCY', 1),
    inferenceBatchRows: positiveInt(env, 'INFERENCE_BATCH_ROWS', 4096),
    maxBodyBytes: positiveInt(env, 'MAX_BODY_BYTES', 1 * MiB),
    maxRows: positiveInt(env, 'MAX_ROWS', 10_000),
    maxRecordBytes: positiveInt(env, 'MAX_RECORD_BYTES', 64 * 1024),
    s3ForcePathStyle: env.S3_FORCE_PATH_STYLE === 'true',
    probeTtlDays: positiveInt(env, 'PROBE_TTL_DAYS', 7),
    metricsNamespace: env.POWERTOOLS_METRICS_NAMESPACE || METRICS_NAMESPACE,
    serviceName: env.POWERTOOLS_SERVICE_NAME || METRICS_SERVICE,
  };
}

/** In the Lambda image the model sits under LAMBDA_TASK_ROOT; in the repo it is `model/iris.onnx`. */
function defaultModelPath(env: Env): string {
  const roots = [env.LAMBDA_TASK_ROOT, process.cwd()].filter((r): r is string => Boolean(r));
  for (const root of roots) {
    const candidate = join(root, 'model', 'iris.onnx');
    if (existsSync(candidate)) return candidate;
  }
  return join(roots[0] ?? '.', 'model', 'iris.onnx');
}

function positiveInt(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`Configuration error: ${name} must be a positive integer, got "${raw}"`);
  }
  return value;
}

let cached: ServiceConfig | undefined;

/** The process-wide configuration, read once per container. */
export function config(): ServiceConfig {
  cached ??= loadConfig();
  return cached;
}
