/** `npm start`: runs the service on the local stack until Ctrl-C. */
import { existsSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalStack, type LocalStack } from './stack.ts';
import { consoleSink } from './log.ts';
import { tuneStackProcess } from './process-tuning.ts';
import type { HandlerRef, LambdaIsolation } from './lambda/index.ts';
import { parseContextPairs, type ContextValues } from './cloudformation/cdk-context.ts';
import { LOCAL_API_PORT, LOCAL_EDGE_PORT, LOCAL_REGION } from './local-names.ts';

const HELP = `Usage: npm start -- [options]

Runs the whole prediction service locally, no AWS account and no Docker needed:
  - an API Gateway (REST, Lambda proxy) adapter in front of a local Lambda runtime that keeps warm
    instances, cold-starts new ones up to a concurrency limit and prints CloudWatch-style REPORT lines;
  - S3 (local/s3), DynamoDB (dynalite) and Step Functions (aws-local-stepfunctions) behind one edge endpoint
    speaking the real AWS protocols, configured from the CDK stack (infra/): a CSV put in the input bucket
    is scored by the batch workflow into the output bucket.

Options:
  --port <n>           API port (default 3000, or $PORT)
  --edge-port <n>      S3/DynamoDB/Step Functions edge port (default 4566, or $EDGE_PORT)
  --data-dir <dir>     where objects and tables are kept across restarts (default .data)
  --fresh              wipe the data folder first
  --api-only           only the API and the Lambda runtime (no S3, DynamoDB, Step Functions)
  --concurrency <n>    max Lambda instances (default 10)
  --lambda-isolation <process|thread>
                       run each Lambda environment in its own process (default, as on AWS) or as a worker
                       thread of the stack's process (shares Node and onnxruntime: far less memory)
  --idle-timeout <s>   seconds before an idle instance is reclaimed (default 60)
  --client-idle-timeout <s>  seconds a client may hold a request without sending or reading before the edge
                       answers 400 RequestTimeout and the API 408 (default 20, as S3; 0 = never)
  --memory <MB>        function memory size shown in REPORT lines (default 1024)
  --timeout <s>        function timeout in seconds (default 30)
  --access-log         print one line per HTTP request (the API's and the edge's)
  --no-meter           do not count billable units (no <edge>/_local/meter; npm run bill needs it)
  -c, --context <key=value>
                       CDK context for the stack the local stack runs (repeatable), exactly as \`cdk deploy -c\`:
                       overrides cdk.json's "context", e.g. -c throttleRateLimit=50 -c mapConcurrency=4
                       (see README "Deploy"; without -c/cdk.json, mapConcurrency fits this machine's cores)
  --env <KEY=VALUE>    set a function environment variable (repeatable), e.g. --env CHUNK_TARGET_BYTES=8388608
  --handler <file[#export]>  handler module (default: functions/router.ts, bundled with esbuild as in the image)
  --no-bundle          run functions/ from the TypeScript sources instead of the esbuild bundle
  --quiet              do not print handler logs and REPORT lines
  --no-console         do not serve the web console at <API>/_console (nor add its origin to the buckets' CORS)
  --ready-file <path>  once ready, write {"apiUrl","edgeUrl","pid"} as JSON there (for scripts; with --port 0 / --edge-port 0)
  -h, --help           show this help
`;

interface CliOptions {
  port: number;
  concurrency: number;
  idleTimeoutMs: number;
  clientIdleTimeoutMs: number;
  memorySizeMB: number;
  timeoutMs: number;
  accessLog: boolean;
  meter: boolean;
  quiet: boolean;
  handler: HandlerRef | undefined;
  bundle: boolean;
  edgePort: number;
  dataDir: string;
  fresh: boolean;
  apiOnly: boolean;
  readyFile?: string;
  /** Function environment overrides (`--env KEY=VALUE`), on top of the stack's. */
  environment: Record<string, string>;
  /** CDK context overrides (`-c key=value`), on top of cdk.json's. */
  context: ContextValues;
  isolation: LambdaIsolation;
  /** Serve the web console (`--no-console` turns it off; never with `--api-only`). */
  console: boolean;
}

class UsageError extends Error {
  override name = 'UsageError';
}

function positive(name: string, raw: string | undefined, fallback: number, integer = true): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw new UsageError(`--${name} must be a ${integer ? 'non-negative integer' : 'non-negative number'}, got "${raw}"`);
  }
  return value;
}

export function parseCli(argv: string[], env: Record<string, string | undefined> = process.env): CliOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      concurrency: { type: 'string' },
      'idle-timeout': { type: 'string' },
      'client-idle-timeout': { type: 'string' },
      memory: { type: 'string' },
      timeout: { type: 'string' },
      'access-log': { type: 'boolean', default: false },
      'no-meter': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      handler: { type: 'string' },
      'no-bundle': { type: 'boolean', default: false },
      'no-console': { type: 'boolean', default: false },
      'edge-port': { type: 'string' },
      'data-dir': { type: 'string' },
      fresh: { type: 'boolean', default: false },
      'api-only': { type: 'boolean', default: false },
      'ready-file': { type: 'string' },
      env: { type: 'string', multiple: true, default: [] },
      context: { type: 'string', short: 'c', multiple: true, default: [] },
      'lambda-isolation': { type: 'string', default: 'process' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  const concurrency = positive('concurrency', values.concurrency, 10);
  if (concurrency < 1) throw new UsageError('--concurrency must be at least 1');
  return {
    port: positive('port', values.port ?? env.PORT, LOCAL_API_PORT),
    concurrency,
    idleTimeoutMs: positive('idle-timeout', values['idle-timeout'], 60, false) * 1000,
    clientIdleTimeoutMs: positive('client-idle-timeout', values['client-idle-timeout'], 20, false) * 1000,
    memorySizeMB: positive('memory', values.memory, 1024),
    edgePort: positive('edge-port', values['edge-port'] ?? env.EDGE_PORT, LOCAL_EDGE_PORT),
    dataDir: values['data-dir'] ?? '.data',
    fresh: values.fresh,
    apiOnly: values['api-only'],
    timeoutMs: positive('timeout', values.timeout, 30, false) * 1000,
    accessLog: values['access-log'],
    meter: !values['no-meter'],
    quiet: values.quiet,
    handler: parseHandler(values.handler),
    bundle: !values['no-bundle'],
    environment: parseEnvPairs(values.env),
    context: parseContext(values.context),
    isolation: parseIsolation(values['lambda-isolation']),
    console: !values['no-console'] && !values['api-only'],
    ...(values['ready-file'] === undefined ? {} : { readyFile: values['ready-file'] }),
  };
}

function parseContext(pairs: string[]): ContextValues {
  try {
    return parseContextPairs(pairs);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function parseIsolation(raw: string): LambdaIsolation {
  if (raw === 'process' || raw === 'thread') return raw;
  throw new UsageError(`--lambda-isolation takes process or thread, got "${raw}"`);
}

function parseEnvPairs(pairs: string[]): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--env takes KEY=VALUE, got "${pair}"`);
    environment[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return environment;
}

function parseHandler(raw: string | undefined): HandlerRef | undefined {
  if (raw === undefined) return undefined;
  const [file, exportName = 'handler'] = raw.split('#');
  return { modulePath: resolve(file), exportName };
}

function banner(stack: LocalStack, options: CliOptions): string {
  const api = stack.apiUrl;
  return [
    '',
    `Local stack ready (${functionsLine(stack, options.concurrency)}, ${options.memorySizeMB} MB, idle timeout ${options.idleTimeoutMs / 1000} s, environments as ${options.isolation === 'thread' ? 'worker threads' : 'processes'})`,
    `  API (API Gateway REST, stage "local"): ${api}`,
    `    POST ${api}/predict`,
    `    POST ${api}/experiment`,
    `    GET  ${api}/jobs/{id}`,
    `    GET  ${api}/model`,
    ...(stack.consoleUrl ? [`  Console (jobs, upload, predict, bench; local only): ${stack.consoleUrl}`] : []),
    ...throttleBanner(stack),
    ...authBanner(stack),
    ...awsBanner(stack),
    '',
    'Try:',
    `  curl -s -X POST ${api}/predict -H 'content-type: application/json'${stack.apiKey ? ` -H 'x-api-key: ${stack.apiKey}'` : ''} -d '{"values": [[5.9, 3.0, 5.1, 2.3]]}'`,
    ...(stack.aws ? awsCommands(stack.aws.edgeUrl, stack.aws.definitions.stateMachines.batch.arn) : []),
    '',
    'Ctrl-C stops.',
    '',
  ].join('\n');
}

/** How the methods authenticate (the stack's `-c auth=` mode), and what a caller sends. */
function authBanner(stack: LocalStack): string[] {
  const routes = stack.aws?.definitions.apiRoutes ?? [];
  if (stack.apiKey) return [`    auth: API key (-c auth=apikey): send the header x-api-key: ${stack.apiKey}`];
  if (routes.some((r) => r.authorization === 'AWS_IAM')) {
    return [
      `    auth: AWS_IAM (-c auth=iam): SigV4-sign requests for service execute-api, region ${LOCAL_REGION}, any access key id, secret "local"`,
    ];
  }
  return ['    auth: none (change: npm start -- -c auth=iam|apikey)'];
}

/** Each function of the image with its local concurrency (this machine's limit within its reserved concurrency). */
function functionsLine(stack: LocalStack, machineConcurrency: number): string {
  const definitions = stack.aws?.definitions;
  const concurrency = (reserved: number | undefined) => Math.min(machineConcurrency, reserved ?? Number.POSITIVE_INFINITY);
  if (!definitions || !stack.taskRuntime) return `Lambda "${stack.runtime.functionName}", concurrency ${machineConcurrency}`;
  return (
    `Lambda "${stack.runtime.functionName}" (API, concurrency ${concurrency(definitions.apiFunction.reservedConcurrency)}) and ` +
    `"${stack.taskRuntime.functionName}" (S3 + workflows, concurrency ${concurrency(definitions.function.reservedConcurrency)}), one image`
  );
}

/** The throttles the adapter enforces: the deployed stage's (from the stack) unless API-only. */
function throttleBanner(stack: LocalStack): string[] {
  const definitions = stack.aws?.definitions;
  if (!definitions?.apiThrottle) return ['    throttle: none from the stack (--api-only); 10000 req/s, burst 5000'];
  const { rateLimit, burstLimit } = definitions.apiThrottle;
  return [
    `    stage throttle: ${rateLimit} req/s, burst ${burstLimit}, the stack's (change: npm start -- -c throttleRateLimit=<n> -c throttleBurstLimit=<n>)`,
    ...definitions.apiMethodThrottles.map(
      (t) =>
        `    ${t.method} ${t.resource} throttle: ${t.rateLimit} req/s, burst ${t.burstLimit} (-c experimentRateLimit=<n> -c experimentBurstLimit=<n>)`,
    ),
  ];
}

function awsBanner(stack: LocalStack): string[] {
  if (!stack.aws) return [];
  const { edgeUrl, definitions } = stack.aws;
  return [
    `  AWS edge (S3, DynamoDB, Step Functions): ${edgeUrl}   (region ${LOCAL_REGION}, any credentials)`,
    `    buckets: ${definitions.buckets.join(', ')}   (a *.csv put in input starts a batch job; models: npm run model)`,
    `    tables: ${definitions.tables.map((t) => t.TableName).join(', ')}`,
    `    state machines: ${Object.values(definitions.stateMachines)
      .map((m) => m.arn)
      .join('\n                    ')}`,
  ];
}

function awsCommands(edge: string, batchArn: string): string[] {
  const env = `AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_DEFAULT_REGION=${LOCAL_REGION}`;
  return [
    `  ${env} aws --endpoint-url ${edge} s3 cp samples/csv/iris.csv s3://input/iris.csv`,
    `  ${env} aws --endpoint-url ${edge} s3 ls s3://output/ --recursive`,
    `  ${env} aws --endpoint-url ${edge} s3 cp s3://output/iris.scored.csv -`,
    `  ${env} aws --endpoint-url ${edge} stepfunctions list-executions --state-machine-arn ${batchArn}`,
  ];
}

async function main(): Promise<void> {
  let options: CliOptions | 'help';
  try {
    options = parseCli(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${HELP}`);
    process.exit(2);
  }
  if (options === 'help') {
    process.stdout.write(HELP);
    return;
  }
  if (options.handler && !existsSync(options.handler.modulePath)) {
    process.stderr.write(`Handler module not found: ${options.handler.modulePath}\n`);
    process.exit(1);
  }
  const log = consoleSink();
  const stack = await startLocalStack({
    apiPort: options.port,
    handler: options.handler,
    bundle: options.bundle,
    concurrency: options.concurrency,
    isolation: options.isolation,
    idleTimeoutMs: options.idleTimeoutMs,
    clientIdleTimeoutMs: options.clientIdleTimeoutMs,
    memorySizeMB: options.memorySizeMB,
    timeoutMs: options.timeoutMs,
    environment: options.environment,
    accessLog: options.accessLog,
    meter: options.meter,
    lambdaLogs: !options.quiet,
    log,
    console: options.console,
    aws: options.apiOnly
      ? undefined
      : {
          edgePort: options.edgePort,
          dataDir: options.dataDir,
          fresh: options.fresh,
          context: options.context,
          edgeTimeouts: { idleMs: options.clientIdleTimeoutMs },
        },
  });
  log.info(banner(stack, options));
  // Written whole then renamed: a script polling for the file never reads half of it.
  if (options.readyFile) {
    const ready = JSON.stringify({ apiUrl: stack.apiUrl, edgeUrl: stack.aws?.edgeUrl, apiKey: stack.apiKey, pid: process.pid });
    await writeFile(`${options.readyFile}.tmp`, `${ready}\n`);
    await rename(`${options.readyFile}.tmp`, options.readyFile);
  }
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info(`\n${signal} received, stopping...`);
    stack.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

if (import.meta.main) {
  tuneStackProcess();
  main().catch((error: unknown) => {
    process.stderr.write(`npm start failed: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
