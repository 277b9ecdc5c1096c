import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { METRICS_NAMESPACE, METRICS_SERVICE } from './metrics/names.ts';

/** Every tunable of the service in one typed place; values come from env vars with the defaults in `SETTINGS`. */
export interface ServiceConfig {
  modelPath: string;
  modelBucket: string | undefined;
  modelAliasTtlSeconds: number;
  modelSessionsMax: number;
  /** The bucket whose uploads start batch jobs (reconcile-jobs lists it). */
  inputBucket: string;
  outputBucket: string;
  jobsTable: string;
  probesTable: string;
  batchStateMachineArn: string | undefined;
  experimentStateMachineArn: string | undefined;
  chunkTargetBytes: number;
  minChunkBytes: number;
  errorsGroupBytes: number;
  /** Outputs up to this many bytes together get their SHA-256 in the summary (0, the default: never; object-digest.ts). */
  digestMaxBytes: number;
  /** Whether Plan and each chunk write the job's live progress (job-progress.ts). */
  jobProgress: boolean;
  mapConcurrency: number;
  inferenceBatchRows: number;
  maxBodyBytes: number;
  maxRows: number;
  maxRecordBytes: number;
  s3ForcePathStyle: boolean;
  probeTtlDays: number;
  metricsNamespace: string;
  serviceName: string;
}

type Env = Record<string, string | undefined>;

/** One setting: its env var, how its value is read, and what docs/architecture.md says about it. */
export interface Setting<T> {
  env: string;
  read(raw: string | undefined, env: Env): T;
  /** The default as the docs show it. */
  defaultText: string;
  meaning: string;
}

const MiB = 1024 * 1024;

/** The settings, in the order docs/architecture.md lists them (its table is generated from this). */
export const SETTINGS: { [K in keyof ServiceConfig]: Setting<ServiceConfig[K]> } = {
  modelPath: {
    env: 'MODEL_PATH',
    read: (raw, env) => raw ?? defaultModelPath(env),
    defaultText: '`$LAMBDA_TASK_ROOT/model/iris.onnx`, else `<repo>/model/iris.onnx`',
    meaning: 'ONNX model file',
  },
  modelBucket: optional(
    'MODEL_BUCKET',
    'the model store (`models/<name>/<version>/`, aliases beside them): where `/predict?model=` and `--metadata model=` find models',
  ),
  modelAliasTtlSeconds: positiveInt(
    'MODEL_ALIAS_TTL_SECONDS',
    30,
    'a warm instance re-reads a model alias at most this often: an alias moved by `npm run model -- alias` is served within this time',
  ),
  modelSessionsMax: positiveInt(
    'MODEL_SESSIONS_MAX',
    4,
    'stored model versions an instance keeps loaded (least recently used released first; the baked-in default model is not counted)',
  ),
  inputBucket: text('INPUT_BUCKET', 'input', 'the bucket whose uploads start batch jobs (reconcile-jobs lists it)'),
  outputBucket: text('OUTPUT_BUCKET', 'output', 'scored output bucket'),
  jobsTable: text('JOBS_TABLE', 'Jobs', 'job records'),
  probesTable: text('PROBES_TABLE', 'Probes', 'probe timing records'),
  batchStateMachineArn: optional('BATCH_STATE_MACHINE_ARN', 'batch workflow'),
  experimentStateMachineArn: optional('EXPERIMENT_STATE_MACHINE_ARN', 'orchestration experiment workflow'),
  chunkTargetBytes: positiveInt('CHUNK_TARGET_BYTES', 32 * MiB, 'plan target chunk size'),
  minChunkBytes: positiveInt('MIN_CHUNK_BYTES', 5 * MiB, 'plan lower bound (S3 multipart part minimum)'),
  mapConcurrency: positiveInt(
    'MAP_CONCURRENCY',
    1,
    "the batch Map's MaxConcurrency (the stack sets its `mapConcurrency`): plan spreads a file smaller than this × `CHUNK_TARGET_BYTES` evenly over up to this many chunks (none under `MIN_CHUNK_BYTES`), so mid-sized files are scored in parallel",
  ),
  errorsGroupBytes: positiveInt(
    'ERRORS_GROUP_BYTES',
    64 * MiB,
    "error rows one renumber-errors task writes (at least S3's 5 MiB part minimum): a job with more rejected-row bytes than this has errors.csv assembled from groups renumbered in parallel",
  ),
  digestMaxBytes: nonNegativeInt(
    'DIGEST_MAX_BYTES',
    0,
    "outputs of a job up to this many bytes together are read back once for the summary's `sha256` (its `crc32` needs no read; a streamed GET: at ~150–200 MB/s locally, +40 % on a 1M-row job's time); past it, or at 0 (the default), `sha256` is null and nothing is read back; 17179869184 (16 GiB) stays within the function timeout",
  ),
  jobProgress: {
    env: 'JOB_PROGRESS',
    read: (raw) => {
      if (raw === undefined || raw === '' || raw === 'on') return true;
      if (raw === 'off') return false;
      throw new Error(`Configuration error: JOB_PROGRESS must be "on" or "off", got "${raw}"`);
    },
    defaultText: '`on`',
    meaning:
      "`off`: no progress writes (Plan's chunk total, each chunk's counts), so `GET /jobs/{id}` shows no percentage or ETA until the job ends; what progress costs is measured by `node bench/batch-throughput.ts --compare JOB_PROGRESS=on,off`",
  },
  inferenceBatchRows: positiveInt('INFERENCE_BATCH_ROWS', 4096, 'rows per ONNX run in batch scoring'),
  maxBodyBytes: positiveInt('MAX_BODY_BYTES', 1 * MiB, '`/predict` body limit → 413'),
  maxRows: positiveInt('MAX_ROWS', 10_000, '`/predict` rows limit → 413'),
  maxRecordBytes: positiveInt(
    'MAX_RECORD_BYTES',
    64 * 1024,
    'longest CSV record; also how far past its range a chunk reads to finish its last record',
  ),
  s3ForcePathStyle: {
    env: 'S3_FORCE_PATH_STYLE',
    read: (raw) => raw === 'true',
    defaultText: '`false`',
    meaning: 'path-style S3 addressing (set by the local stack)',
  },
  probeTtlDays: positiveInt('PROBE_TTL_DAYS', 7, 'TTL of probe records'),
  metricsNamespace: {
    env: 'POWERTOOLS_METRICS_NAMESPACE',
    read: (raw) => raw || METRICS_NAMESPACE,
    defaultText: `\`${METRICS_NAMESPACE}\``,
    meaning: 'CloudWatch namespace of the EMF metrics (`functions/lib/metrics/names.ts`; the stack sets it from there)',
  },
  serviceName: {
    env: 'POWERTOOLS_SERVICE_NAME',
    read: (raw) => raw || METRICS_SERVICE,
    defaultText: `\`${METRICS_SERVICE}\``,
    meaning: '`service` dimension of the EMF metrics and key of every log line',
  },
};

export function loadConfig(env: Env = process.env): ServiceConfig {
  const entries = Object.entries(SETTINGS).map(([key, setting]) => [key, (setting as Setting<unknown>).read(env[setting.env], env)]);
  return Object.fromEntries(entries) as ServiceConfig;
}

function text(env: string, fallback: string, meaning: string): Setting<string> {
  return { env, read: (raw) => raw ?? fallback, defaultText: `\`${fallback}\``, meaning };
}

function optional(env: string, meaning: string): Setting<string | undefined> {
  return { env, read: (raw) => raw, defaultText: '–', meaning };
}

function positiveInt(env: string, fallback: number, meaning: string): Setting<number> {
  return { env, read: (raw) => parsePositiveInt(env, raw, fallback), defaultText: `${fallback}`, meaning };
}

function nonNegativeInt(env: string, fallback: number, meaning: string): Setting<number> {
  return { env, read: (raw) => (raw === '0' ? 0 : parsePositiveInt(env, raw, fallback)), defaultText: `${fallback}`, meaning };
}

function parsePositiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`Configuration error: ${name} must be a positive integer, got "${raw}"`);
  }
  return value;
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

let cached: ServiceConfig | undefined;

/** The process-wide configuration, read once per container. */
export function config(): ServiceConfig {
  cached ??= loadConfig();
  return cached;
}
