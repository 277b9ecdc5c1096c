/**
 * The AWS half of the local stack: S3 (local/s3, served in-process by the edge), DynamoDB (dynalite) and Step Functions behind one edge endpoint,
 * all configured from what the CDK stack synthesizes (`cloudformation/definitions.ts`): tables, notification rules, the
 * state machine definitions and the function's environment. Nothing here is hand-written a second time.
 */
import { join, resolve } from 'node:path';
import type { LocalDefinitions } from './cloudformation/definitions.ts';
import { loadLocalDefinitions } from './cloudformation/load-definitions.ts';
import { startS3 } from './s3/index.ts';
import { startDynamoDB } from './dynamodb/index.ts';
import { startEdge, type EdgeTimeouts } from './edge/index.ts';
import { s3MapRunStorage, startStepFunctions, type ExecutionSummary, type InvokeLambda } from './stepfunctions/index.ts';
import { EventBus, invocationFailureEvent, type QueuedEvent } from './eventbridge/index.ts';
import { AsyncInvoker } from './lambda/index.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './local-names.ts';
import type { LocalService, LogSink } from './types.ts';
import { meterEndpoint, type Meter } from './meter/index.ts';

export interface AwsServicesOptions {
  /** Edge port; default 4566, 0 = ephemeral (tests). */
  edgePort?: number;
  /** Where S3 objects and DynamoDB tables live; default `.data` in the repo. Kept across restarts. */
  dataDir?: string;
  /** Wipe the data folder first. */
  fresh?: boolean;
  /** CDK context overrides (e.g. a small chunk size in tests); the same keys `cdk synth -c` takes. */
  context?: Record<string, string | number | boolean>;
  /** The edge's idle-client and header timeouts (default 20 s each; tests use short ones). */
  edgeTimeouts?: EdgeTimeouts;
  /** Fire the stack's schedule rules once when `startSchedules()` is called (default on; see docs/local-stack.md). */
  recover?: boolean;
  /**
   * Lambda's asynchronous retry delays and maximum event age multiplied by this (default 1/60: retries after 1 s
   * and 2 s instead of 1 and 2 min). Tests that make an ingest fail use a smaller one.
   */
  asyncTimeScale?: number;
  /** The billing meter the services count into (local/meter); none = nothing counted, and no `/_local/meter` page. */
  meter?: Meter;
  /** One edge line per request (`--access-log`). */
  accessLog?: (line: string) => void;
}

export interface AwsServices {
  edgeUrl: string;
  definitions: LocalDefinitions;
  /** Environment a Lambda instance needs to reach the services through the edge, as on AWS. */
  functionEnvironment: Record<string, string>;
  /** Resolves when every S3 notification and every event-bus event accepted so far was delivered (retries included). */
  drainNotifications(): Promise<void>;
  /** Events the bus put in queues (a rule's queue target or a target's dead-letter queue): there is no local SQS. */
  queuedEvents(): QueuedEvent[];
  /**
   * Starts the stack's EventBridge schedule rules: each fires once now (unless `recover: false`; resolved when its
   * targets ran), then at its rate. The reconcile-jobs schedule re-drives what a previous run left unfinished (its
   * in-memory executions are gone). Call once the Lambda runtime is up.
   */
  startSchedules(): Promise<void>;
  services: { name: string; url: string }[];
  stop(): Promise<void>;
}

/** Connects the services to the Lambda runtime once it exists (the runtime needs the edge URL first). */
export interface LambdaBridge {
  /** Synchronous invoke by ARN: Step Functions tasks, and each attempt of an asynchronous invoke. */
  invoke: InvokeLambda;
}

export async function startAwsServices(options: AwsServicesOptions, bridge: LambdaBridge, log: LogSink): Promise<AwsServices> {
  const definitions = await loadLocalDefinitions(options.context);
  const { bus, invokeAsync } = asyncDelivery(definitions, options, bridge, log);
  const dataDir = resolve(options.dataDir ?? '.data');
  // Started in order, stopped in reverse: the edge first, so no request reaches a stopped service.
  const started: LocalService[] = [];
  const start = async <T extends LocalService>(starting: Promise<T>): Promise<T> => {
    const service = await starting;
    started.push(service);
    return service;
  };
  const stop = async (): Promise<void> => {
    for (const service of started.splice(0).reverse()) await service.stop().catch(() => undefined);
  };
  try {
    const s3 = await start(
      startS3({
        dataDir: join(dataDir, 's3'),
        fresh: options.fresh,
        buckets: definitions.buckets,
        notifications: definitions.s3Notifications,
        onEvent: invokeAsync,
        log: (line) => log.info(line),
        meter: options.meter,
      }),
    );
    const dynamodb = await start(
      startDynamoDB({ dataDir: join(dataDir, 'dynamodb'), fresh: options.fresh, tables: definitions.tables, meter: options.meter }),
    );
    // Distributed Maps read and write S3 through the edge, as Step Functions calls the S3 API on AWS.
    let edgeUrl = '';
    const stepFunctions = await start(
      startStepFunctions({
        stateMachines: Object.values(definitions.stateMachines),
        invokeLambda: bridge.invoke,
        mapRunStorage: s3MapRunStorage(() => edgeUrl, LOCAL_REGION),
        log: (line) => log.info(line),
        onExecutionChange: (execution) => log.info(executionLine(execution)),
        onStatusChange: (event) => bus.put(event),
        meter: options.meter,
      }),
    );
    const edge = await start(
      startEdge({
        port: options.edgePort ?? 4566,
        routes: { s3: s3.listener, dynamodb: dynamodb.listener, stepfunctions: stepFunctions.listener },
        timeouts: options.edgeTimeouts,
        meter: options.meter && meterEndpoint(options.meter),
        accessLog: options.accessLog,
      }),
    );
    edgeUrl = edge.url;
    // The bus's schedule timers stop first (last started).
    started.push({ name: 'eventbridge', stop: async () => bus.stop() });
    return {
      edgeUrl: edge.url,
      definitions,
      functionEnvironment: lambdaEnvironment(definitions, edge.url),
      drainNotifications: async () => {
        await s3.drainNotifications();
        await bus.drain();
      },
      queuedEvents: () => [...bus.queued],
      startSchedules: () => bus.startSchedules(options.recover !== false),
      services: started.flatMap(({ name, url }) => (url === undefined ? [] : [{ name, url }])),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Asynchronous invokes as the stack defines them: S3 notifications and event-bus targets go through the function's
 * EventInvokeConfig (retries, maximum age, OnFailure destination), and the default bus routes events by the stack's
 * rules — the Step Functions status changes and Lambda's failure records among them.
 */
function asyncDelivery(definitions: LocalDefinitions, options: AwsServicesOptions, bridge: LambdaBridge, log: LogSink) {
  const invoker: AsyncInvoker = new AsyncInvoker({
    configs: definitions.asyncInvokeConfigs,
    invoke: bridge.invoke,
    deliverFailure: (destination, record) => {
      if (destination.split(':')[2] === 'events') bus.put(invocationFailureEvent(record));
      else log.info(`[lambda] OnFailure destination ${destination} is not emulated locally: record dropped`);
    },
    timeScale: options.asyncTimeScale,
    log: (line) => log.info(line),
  });
  const bus: EventBus = new EventBus({
    rules: definitions.eventRules,
    invokeAsync: (arn, event) => invoker.invoke(arn, event),
    account: LOCAL_ACCOUNT,
    region: LOCAL_REGION,
    log: (line) => log.info(line),
  });
  const functionArn = definitions.function.arn;
  return { bus, invokeAsync: (event: unknown) => invoker.invoke(functionArn, event) };
}

/**
 * The function's environment from the synthesized stack, plus what the AWS runtime would supply: region, (dummy)
 * credentials, and the standard `AWS_ENDPOINT_URL` that every SDK client honours — the only local difference.
 */
function lambdaEnvironment(definitions: LocalDefinitions, edgeUrl: string): Record<string, string> {
  return {
    ...definitions.functionEnvironment,
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL: edgeUrl,
    S3_FORCE_PATH_STYLE: 'true',
  };
}

/** One line per workflow state change, e.g. `[stepfunctions] batch-scoring input-runs-iris-csv-1a2b… SUCCEEDED in 1.42 s`. */
function executionLine(execution: ExecutionSummary): string {
  const machine = execution.stateMachineArn.split(':').pop();
  const took = execution.stopDate ? ` in ${((execution.stopDate - execution.startDate) / 1000).toFixed(2)} s` : '';
  return `[stepfunctions] ${machine} ${execution.name} ${execution.status}${took}`;
}
