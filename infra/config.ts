import type { Node } from 'constructs';

/** Stack parameters, read once from CDK context (`-c key=value` or cdk.json) and validated. */
export interface StackConfig {
  memorySize: number;
  chunkTargetBytes: number;
  mapConcurrency: number;
  logRetentionDays: number;
  timeoutSeconds: number;
  throttleRateLimit: number;
  throttleBurstLimit: number;
  experimentRateLimit: number;
  experimentBurstLimit: number;
  apiCloudWatchRole: boolean;
  /** Reserved concurrency of the API function (`none`: no reservation). */
  apiReservedConcurrency: number | undefined;
  /** Reserved concurrency of the batch/workflow task function (`none`: no reservation). */
  taskReservedConcurrency: number | undefined;
  tracing: boolean;
  dev: boolean;
  /** How the API's methods authenticate callers (API_AUTH_MODES). */
  auth: ApiAuthMode;
  /** Alarm notifications: an existing SNS topic, or an email address subscribed to a new topic; default none. */
  alarmTopicArn: string | undefined;
  alarmEmail: string | undefined;
  /** Minutes between two runs of the reconcile-jobs schedule (infra/constructs/JobSafetyNet.ts). */
  reconcileMinutes: number;
  /**
   * The batch execution's TimeoutSeconds; unset: `workflowTimeoutSeconds` (the largest plan at the function timeout).
   * Tests set a tiny one to see a timed-out execution end its job.
   */
  batchTimeoutSeconds?: number;
}

/**
 * `none`: open methods (the classic Iris clients: a bare curl), the stage throttle the only guard; `iam`: SigV4-signed
 * requests (AWS_IAM); `apikey`: an `x-api-key` header with the stack's key (usage plan).
 */
export const API_AUTH_MODES = ['none', 'iam', 'apikey'] as const;
export type ApiAuthMode = (typeof API_AUTH_MODES)[number];

/**
 * Step Functions runs at most 40 iterations of an inline Map at once (a larger MaxConcurrency is accepted but
 * silently capped); the batch workflow's Distributed Map runs up to 10,000 child executions at once. The stack
 * refuses more instead of promising parallelism it cannot have.
 */
export const INLINE_MAP_MAX_CONCURRENCY = 40;
export const DISTRIBUTED_MAP_MAX_CONCURRENCY = 10_000;
/** S3 quotas: event notification configurations per bucket. */
export const S3_NOTIFICATION_CONFIGURATIONS_MAX = 100;

export const DEFAULT_CONFIG: StackConfig = {
  memorySize: 1024,
  chunkTargetBytes: 32 * 1024 * 1024,
  mapConcurrency: 8,
  logRetentionDays: 14,
  timeoutSeconds: 300,
  throttleRateLimit: 500,
  throttleBurstLimit: 1000,
  experimentRateLimit: 5,
  experimentBurstLimit: 10,
  apiCloudWatchRole: true,
  apiReservedConcurrency: 100,
  taskReservedConcurrency: 50,
  tracing: false,
  dev: false,
  auth: 'none',
  alarmTopicArn: undefined,
  alarmEmail: undefined,
  reconcileMinutes: 60,
};

export class StackConfigError extends Error {
  override name = 'StackConfigError';
}

type ContextReader = Pick<Node, 'tryGetContext'>;

/** Reads every parameter from context, falling back to the defaults; throws on a bad value. */
export function readStackConfig(node: ContextReader): StackConfig {
  const config: StackConfig = {
    memorySize: readInteger(node, 'memorySize', 128, 10240),
    chunkTargetBytes: readInteger(node, 'chunkTargetBytes', 1024, 200 * 1024 * 1024),
    mapConcurrency: readInteger(
      node,
      'mapConcurrency',
      1,
      DISTRIBUTED_MAP_MAX_CONCURRENCY,
      'a Distributed Map runs at most 10,000 child executions at once (Step Functions quota)',
    ),
    logRetentionDays: readInteger(node, 'logRetentionDays', 1, 3653),
    timeoutSeconds: readInteger(node, 'timeoutSeconds', 3, 900),
    throttleRateLimit: readInteger(node, 'throttleRateLimit', 1, 100000),
    throttleBurstLimit: readInteger(node, 'throttleBurstLimit', 1, 100000),
    experimentRateLimit: readInteger(node, 'experimentRateLimit', 1, 1000),
    experimentBurstLimit: readInteger(node, 'experimentBurstLimit', 1, 5000),
    apiCloudWatchRole: readBoolean(node, 'apiCloudWatchRole'),
    apiReservedConcurrency: readReservation(node, 'apiReservedConcurrency'),
    taskReservedConcurrency: readReservation(node, 'taskReservedConcurrency'),
    tracing: readBoolean(node, 'tracing'),
    dev: readBoolean(node, 'dev'),
    auth: readChoice(node, 'auth', API_AUTH_MODES),
    alarmTopicArn: readPattern(node, 'alarmTopicArn', /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/, 'an SNS topic ARN'),
    alarmEmail: readPattern(node, 'alarmEmail', /^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'an email address'),
    reconcileMinutes: readInteger(node, 'reconcileMinutes', 1, 1440),
    ...readOptionalSeconds(node, 'batchTimeoutSeconds'),
  };
  checkMapFitsReservation(config);
  return config;
}

/**
 * Every chunk is one invocation of the task function: children beyond its reserved concurrency would only be
 * throttled (Lambda answers TooManyRequestsException), so the Map may not ask for more than Lambda grants.
 */
function checkMapFitsReservation(config: StackConfig): void {
  const reserved = config.taskReservedConcurrency;
  if (reserved !== undefined && config.mapConcurrency > reserved) {
    throw new StackConfigError(
      `context "mapConcurrency" (${config.mapConcurrency}) exceeds "taskReservedConcurrency" (${reserved}): every chunk is one invocation of the task function, and children beyond its reserved concurrency are only throttled`,
    );
  }
}

function readChoice<T extends string>(node: ContextReader, key: 'auth', choices: readonly T[]): T {
  const raw: unknown = node.tryGetContext(key);
  if (raw === undefined || raw === null || raw === '') return DEFAULT_CONFIG[key] as T;
  if (typeof raw === 'string' && (choices as readonly string[]).includes(raw)) return raw as T;
  throw new StackConfigError(`context "${key}" must be one of ${choices.join(', ')}, got ${JSON.stringify(raw)}`);
}

function readPattern(node: ContextReader, key: 'alarmTopicArn' | 'alarmEmail', pattern: RegExp, what: string): string | undefined {
  const raw: unknown = node.tryGetContext(key);
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw === 'string' && pattern.test(raw)) return raw;
  throw new StackConfigError(`context "${key}" must be ${what}, got ${JSON.stringify(raw)}`);
}

/** A Standard execution runs at most one year. */
function readOptionalSeconds(node: ContextReader, key: 'batchTimeoutSeconds'): Partial<StackConfig> {
  const raw: unknown = node.tryGetContext(key);
  if (raw === undefined || raw === null || raw === '') return {};
  const value = typeof raw === 'string' ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 31_536_000) {
    throw new StackConfigError(`context "${key}" must be an integer in [1, 31536000], got ${JSON.stringify(raw)}`);
  }
  return { [key]: value };
}

type NumericKey = { [K in keyof StackConfig]-?: StackConfig[K] extends number ? K : never }[keyof StackConfig];
type ReservationKey = 'apiReservedConcurrency' | 'taskReservedConcurrency';
type BooleanKey = { [K in keyof StackConfig]-?: StackConfig[K] extends boolean ? K : never }[keyof StackConfig];

function readInteger(node: ContextReader, key: NumericKey, min: number, max: number, why?: string): number {
  const raw: unknown = node.tryGetContext(key);
  if (raw === undefined || raw === null || raw === '') return DEFAULT_CONFIG[key];
  // `-c key=value` arrives as a string; cdk.json values arrive typed.
  const value = typeof raw === 'string' ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const because = why ? `: ${why}` : '';
    throw new StackConfigError(`context "${key}" must be an integer in [${min}, ${max}], got ${JSON.stringify(raw)}${because}`);
  }
  return value;
}

/**
 * A reserved concurrency, or `none`. Lambda keeps at least 100 of the account's concurrency unreserved, so in an
 * account whose limit is lower than the reservations + 100 (new accounts can start at 10) the deploy fails:
 * `none` deploys without a reservation there.
 */
function readReservation(node: ContextReader, key: ReservationKey): number | undefined {
  const raw: unknown = node.tryGetContext(key);
  if (raw === undefined || raw === null || raw === '') return DEFAULT_CONFIG[key];
  if (raw === 'none') return undefined;
  const value = typeof raw === 'string' ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 900) {
    throw new StackConfigError(`context "${key}" must be an integer in [1, 900] or "none", got ${JSON.stringify(raw)}`);
  }
  return value;
}

function readBoolean(node: ContextReader, key: BooleanKey): boolean {
  const raw: unknown = node.tryGetContext(key);
  if (raw === undefined || raw === null || raw === '') return DEFAULT_CONFIG[key];
  if (raw === true || raw === 'true' || raw === '1') return true;
  if (raw === false || raw === 'false' || raw === '0') return false;
  throw new StackConfigError(`context "${key}" must be true or false, got ${JSON.stringify(raw)}`);
}
