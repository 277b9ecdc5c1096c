import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_CONCURRENCY,
  ENVIRONMENT_ENTRY,
  formatReportLine,
  startLambda,
  type HandlerRef,
  type LambdaIsolation,
  type LambdaRuntime,
} from './lambda/index.ts';
import {
  startApiGateway,
  type ApiGatewayOptions,
  type ApiGatewayService,
  type Route,
  type StaticSite,
  type ThrottleSettings,
} from './apigateway/index.ts';
import { silentSink } from './log.ts';
import { mergeContext, readCdkJsonContext } from './cloudformation/cdk-context.ts';
import type { AwsServices, AwsServicesOptions, LambdaBridge } from './aws-services.ts';
import type { LocalFunction } from './cloudformation/definitions.ts';
import { LambdaInvokeError, lambdaInvoker } from './stepfunctions/index.ts';
import type { LogSink } from './types.ts';
import { LOCAL_API_PORT, LOCAL_BUCKETS, LOCAL_REGION, LOCAL_TABLES } from './local-names.ts';
import { Meter, meterInvocation } from './meter/index.ts';

export const REPO_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

export interface LocalStackOptions {
  /** API port; 0 = ephemeral (tests). Default 3000. */
  apiPort?: number;
  handler?: HandlerRef;
  /**
   * Run `functions/` from an esbuild bundle built at start, exactly as the container image does (default, when no
   * `handler` is given): instance cold starts then cost what they would in the image, not TypeScript stripping.
   * `false` imports the TypeScript sources directly (edit-and-retry without a rebuild).
   */
  bundle?: boolean;
  concurrency?: number;
  /** Lambda environments as processes (default) or as worker threads of this process (low memory); see LambdaIsolation. */
  isolation?: LambdaIsolation;
  /** Invocations allowed to wait for a busy runtime before Lambda-style throttling (see LambdaRuntimeOptions). */
  maxQueueLength?: number;
  queueTimeoutMs?: number;
  idleTimeoutMs?: number;
  /** The API's idle-client timeout (see ApiServerOptions.clientIdleTimeoutMs); the edge has its own (`aws.edgeTimeouts`). */
  clientIdleTimeoutMs?: number;
  memorySizeMB?: number;
  timeoutMs?: number;
  environment?: Record<string, string>;
  routes?: Route[];
  throttle?: ThrottleSettings;
  accessLog?: boolean;
  /** The API key methods with apiKeyRequired accept (`-c auth=apikey`); default: a random one per start, as AWS generates one. */
  apiKey?: string;
  /** Print handler output and REPORT lines (a busy bench turns this off). */
  lambdaLogs?: boolean;
  log?: LogSink;
  /** Also run S3, DynamoDB and Step Functions behind the edge (the whole service); off = API + Lambda only. */
  aws?: AwsServicesOptions;
  /** Serve the web console at `<apiUrl>/_console` (needs `aws`; `npm start` turns it on). */
  console?: boolean;
  /** Count every billable unit (local/meter; default on). `false` (`--no-meter`) counts nothing, to measure what metering costs. */
  meter?: boolean;
}

export interface LocalStack {
  apiUrl: string;
  /** The edge endpoint (S3, DynamoDB, Step Functions) when `aws` was given. */
  aws?: AwsServices;
  /** The function behind the API. */
  runtime: LambdaRuntime;
  /**
   * With `aws`: the stack's other function (same image), which S3 notifications and the workflows' tasks invoke, so
   * batch work never takes the API's instances (as the two functions' reserved concurrencies keep them apart on AWS).
   */
  taskRuntime?: LambdaRuntime;
  services: { name: string; url: string }[];
  /** The key to send as `x-api-key` when the stack's methods require one (`-c auth=apikey`). */
  apiKey?: string;
  /** The web console's page, when `console` was set. */
  consoleUrl?: string;
  /** The billing meter, unless `meter: false`; served at `<edge>/_local/meter`. */
  meter?: Meter;
  stop(): Promise<void>;
}

export const DEFAULT_HANDLER: HandlerRef = { modulePath: resolve(REPO_ROOT, 'functions/router.ts'), exportName: 'handler' };

function apiOptions(
  runtime: LambdaRuntime,
  options: LocalStackOptions,
  log: LogSink,
  aws: AwsServices | undefined,
  routes: Route[],
  apiKey: string | undefined,
  sites: StaticSite[],
  meter: Meter | undefined,
): ApiGatewayOptions {
  return {
    sites,
    meter,
    invoker: runtime,
    port: options.apiPort ?? LOCAL_API_PORT,
    routes,
    // The deployed stage's throttle unless the caller sets one (the bench and load tests raise it to measure the runtime).
    throttle: options.throttle ?? aws?.definitions.apiThrottle,
    methodThrottles: aws?.definitions.apiMethodThrottles,
    accessLog: options.accessLog ? (line) => log.access(line) : undefined,
    clientIdleTimeoutMs: options.clientIdleTimeoutMs,
    log: (line) => log.info(line),
    apiKey,
  };
}

/**
 * The API's methods: the caller's, else the ones the CDK stack synthesizes: the AWS half's definitions, or for the API
 * alone the definitions synthesized with cdk.json's context.
 */
async function apiRoutes(options: LocalStackOptions, aws: AwsServices | undefined): Promise<Route[]> {
  if (options.routes) return options.routes;
  if (aws) return aws.definitions.apiRoutes;
  const { loadLocalDefinitions } = await import('./cloudformation/load-definitions.ts');
  return (await loadLocalDefinitions(readCdkJsonContext(REPO_ROOT))).apiRoutes;
}

/** The usage-plan key: only when some method requires one (the template holds no key value: AWS generates it). */
function localApiKey(options: LocalStackOptions, routes: Route[]): string | undefined {
  if (!routes.some((r) => r.apiKeyRequired)) return undefined;
  return options.apiKey ?? randomBytes(24).toString('base64url');
}

async function startRuntime(
  options: LocalStackOptions,
  log: LogSink,
  aws: AwsServices | undefined,
  code: FunctionCode,
  fn: LocalFunction | undefined,
  meter: Meter | undefined,
): Promise<LambdaRuntime> {
  const runtime = await startLambda({
    handler: code.handler,
    instanceEntry: code.instanceEntry,
    functionName: fn?.name,
    isolation: options.isolation,
    // This machine's limit, within the function's reserved concurrency (its ceiling on AWS).
    concurrency: Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, fn?.reservedConcurrency ?? Number.POSITIVE_INFINITY),
    maxQueueLength: options.maxQueueLength,
    queueTimeoutMs: options.queueTimeoutMs,
    idleTimeoutMs: options.idleTimeoutMs,
    memorySizeMB: options.memorySizeMB ?? fn?.memorySize,
    timeoutMs: options.timeoutMs ?? (fn ? fn.timeoutSeconds * 1000 : undefined),
    environment: { ...aws?.functionEnvironment, ...options.environment },
    taskRoot: REPO_ROOT,
  });
  if (options.lambdaLogs ?? true) {
    runtime.on('report', (report) => log.lambda(formatReportLine(report), report.instanceId));
    runtime.on('log', (entry) => log.lambda(entry.line, entry.instanceId));
  }
  if (meter) {
    runtime.on('report', (report) => meterInvocation(meter, report, formatReportLine(report)));
    runtime.on('output', (output) => meter.logBytes(output.traceId, output.bytes));
  }
  return runtime;
}

interface FunctionCode {
  handler: HandlerRef;
  instanceEntry?: string;
}

/**
 * The CDK context the local stack synthesizes with, in cdk's precedence: the caller's (`-c`), then cdk.json's, then
 * a Map concurrency that fits this machine (unless one of those sets it). On one machine, chunks scored beyond the
 * cores only time-slice them, and more chunks than Lambda instances wait for one; Plan spreads a mid-sized file over
 * `mapConcurrency` chunks.
 */
function withLocalContext(aws: AwsServicesOptions, concurrency: number | undefined): AwsServicesOptions {
  const mapConcurrency = Math.max(1, Math.min(concurrency ?? DEFAULT_CONCURRENCY, availableParallelism()));
  return { ...aws, context: mergeContext(aws.context ?? {}, readCdkJsonContext(REPO_ROOT), { mapConcurrency }) };
}

/**
 * Starts the local stack: with `aws`, S3, DynamoDB and Step Functions behind the edge first (the Lambda
 * environment needs the edge URL), then the Lambda runtime and the API. On a failed start, what started is stopped again.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const log = options.log ?? silentSink();
  const meter = options.meter === false ? undefined : new Meter();
  let taskRuntimeRef: LambdaRuntime | undefined;
  // Loaded lazily: the AWS half synthesizes the CDK app, which an API-only run (tests, sync bench) does not need.
  const aws = options.aws
    ? await (await import('./aws-services.ts')).startAwsServices(
        {
          ...withLocalContext(options.aws, options.concurrency),
          meter,
          accessLog: options.accessLog ? (line) => log.access(line) : undefined,
        },
        lambdaBridge(() => taskRuntimeRef),
        log,
      )
    : undefined;
  const bundle = await bundleHandler(options, log);
  const code = { handler: bundle?.handler ?? options.handler ?? DEFAULT_HANDLER, instanceEntry: bundle?.instanceEntry };
  const runtime = await startRuntime(options, log, aws, code, aws?.definitions.apiFunction, meter);
  const taskRuntime = aws ? await startRuntime(options, log, aws, code, aws.definitions.function, meter) : undefined;
  taskRuntimeRef = taskRuntime;
  const routes = await apiRoutes(options, aws);
  const apiKey = localApiKey(options, routes);
  const site = options.console && aws ? await consoleSite(aws) : undefined;
  let api: ApiGatewayService | undefined;
  // Reverse order of start; the AWS half drains while the runtimes still run, as its deliveries invoke them.
  const stop = async (): Promise<void> => {
    await api?.stop();
    await aws?.drainNotifications().catch(() => undefined);
    for (const lambda of [runtime, taskRuntime]) await lambda?.stop();
    await aws?.stop();
    bundle?.remove();
  };
  try {
    api = await startApiGateway(apiOptions(runtime, options, log, aws, routes, apiKey, site ? [site] : [], meter));
    if (site && aws) await allowConsoleBuckets(aws, api.url, log);
    await aws?.startSchedules();
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    apiUrl: api.url,
    aws,
    runtime,
    taskRuntime,
    services: [{ name: api.name, url: api.url }, ...(aws?.services ?? [])],
    apiKey,
    ...(site ? { consoleUrl: `${api.url}${site.prefix}/` } : {}),
    meter,
    stop,
  };
}

function apiAuthMode(routes: readonly Route[]): 'none' | 'iam' | 'apikey' {
  if (routes.some((r) => r.authorization === 'AWS_IAM')) return 'iam';
  return routes.some((r) => r.apiKeyRequired) ? 'apikey' : 'none';
}

async function consoleSite(aws: AwsServices): Promise<StaticSite> {
  const { consoleSite: build } = await import('./console/serve-console.ts');
  return build({
    repoRoot: REPO_ROOT,
    config: {
      edgeUrl: aws.edgeUrl,
      region: LOCAL_REGION,
      buckets: { input: LOCAL_BUCKETS.input, output: LOCAL_BUCKETS.output },
      tables: { jobs: LOCAL_TABLES.jobs, probes: LOCAL_TABLES.probes },
      apiAuth: apiAuthMode(aws.definitions.apiRoutes),
    },
  });
}

/** The console's page (on the API's origin) uploads to and downloads from the buckets: S3 must allow its origin. */
async function allowConsoleBuckets(aws: AwsServices, apiUrl: string, log: LogSink): Promise<void> {
  const { allowConsoleOrigin } = await import('./console/bucket-cors.ts');
  const origins = [apiUrl, apiUrl.replace('127.0.0.1', 'localhost')];
  const kept = await allowConsoleOrigin(aws.edgeUrl, [LOCAL_BUCKETS.input, LOCAL_BUCKETS.output], origins);
  for (const bucket of kept)
    log.info(`[console] bucket ${bucket} keeps its own CORS rules: allow ${apiUrl} there for the console to reach it`);
}

/**
 * How the AWS half reaches the task function: a synchronous invoke by ARN. Step Functions calls it through the
 * `lambda:invoke` integration, where a function error surfaces under its error type so the workflow's Retry/Catch
 * match it; S3 notifications and event-bus targets call it through the function's asynchronous invoke config
 * (aws-services.ts).
 */
function lambdaBridge(runtime: () => LambdaRuntime | undefined): LambdaBridge {
  const current = (): LambdaRuntime => {
    const started = runtime();
    if (!started)
      throw new LambdaInvokeError({
        errorType: 'Lambda.ServiceException',
        errorMessage: 'the local Lambda runtime is not started yet',
        source: 'service',
      });
    return started;
  };
  const invoke: LambdaBridge['invoke'] = (functionArn, payload) => lambdaInvoker(current())(functionArn, payload);
  return { invoke };
}

interface Bundle {
  handler: HandlerRef;
  instanceEntry: string;
  remove(): void;
}

async function bundleHandler(options: LocalStackOptions, log: LogSink): Promise<Bundle | undefined> {
  if (options.handler || options.bundle === false) return undefined;
  const { bundleFunctions } = await import('../infra/bundle-functions.ts');
  mkdirSync(join(REPO_ROOT, '.tmp', 'bundles'), { recursive: true });
  // Inside the repo so the bundle resolves node_modules (onnxruntime-node stays external, as in the image).
  const dir = mkdtempSync(join(REPO_ROOT, '.tmp', 'bundles', 'run-'));
  const started = performance.now();
  // The environment's entry as JS too: an environment that loads no TypeScript never starts Node's type stripper
  // (~17 MB and some milliseconds of cold start each). Before bundleFunctions, which stops esbuild's service.
  const instanceEntry = join(dir, 'environment-entry.mjs');
  const { transform } = await import('esbuild');
  writeFileSync(
    instanceEntry,
    (await transform(readFileSync(ENVIRONMENT_ENTRY, 'utf8'), { loader: 'ts', format: 'esm', target: 'node24' })).code,
  );
  await bundleFunctions(join(dir, 'router.mjs'));
  log.info(`[lambda] bundled functions/ with esbuild in ${Math.round(performance.now() - started)} ms (as functions/Dockerfile does)`);
  return {
    handler: { modulePath: join(dir, 'router.mjs'), exportName: 'handler' },
    instanceEntry,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
