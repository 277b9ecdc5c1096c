import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LambdaRuntime, formatReportLine, type HandlerRef } from './lambda/index.ts';
import { ApiServer, type Route, type ThrottleSettings } from './apigateway/index.ts';
import { silentSink } from './log.ts';
import type { LocalService, LogSink } from './types.ts';

export const REPO_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

export interface LocalStackOptions {
  /** API port; 0 = ephemeral (tests). Default 3000. */
  apiPort?: number;
  handler?: HandlerRef;
  concurrency?: number;
  /** Invocations allowed to wait for a busy runtime before Lambda-style throttling (see LambdaRuntimeOptions). */
  maxQueueLength?: number;
  queueTimeoutMs?: number;
  idleTimeoutMs?: number;
  memorySizeMB?: number;
  timeoutMs?: number;
  environment?: Record<string, string>;
  routes?: Route[];
  throttle?: ThrottleSettings;
  accessLog?: boolean;
  /** Print handler output and REPORT lines (a busy bench turns this off). */
  lambdaLogs?: boolean;
  log?: LogSink;
}

export interface LocalStack {
  apiUrl: string;
  runtime: LambdaRuntime;
  services: { name: string; url: string }[];
  stop(): Promise<void>;
}

export const DEFAULT_HANDLER: HandlerRef = { modulePath: resolve(REPO_ROOT, 'functions/router.ts'), exportName: 'handler' };

function apiService(runtime: LambdaRuntime, options: LocalStackOptions, log: LogSink): LocalService {
  const server = new ApiServer(runtime, {
    port: options.apiPort ?? 3000,
    routes: options.routes,
    throttle: options.throttle,
    accessLog: options.accessLog ? (line) => log.access(line) : undefined,
  });
  return { name: 'api', start: () => server.start(), stop: () => server.stop() };
}

function createRuntime(options: LocalStackOptions, log: LogSink): LambdaRuntime {
  const runtime = new LambdaRuntime({
    handler: options.handler ?? DEFAULT_HANDLER,
    concurrency: options.concurrency,
    maxQueueLength: options.maxQueueLength,
    queueTimeoutMs: options.queueTimeoutMs,
    idleTimeoutMs: options.idleTimeoutMs,
    memorySizeMB: options.memorySizeMB,
    timeoutMs: options.timeoutMs,
    environment: options.environment,
    taskRoot: REPO_ROOT,
  });
  if (options.lambdaLogs ?? true) {
    runtime.on('report', (report) => log.lambda(formatReportLine(report)));
    runtime.on('log', (entry) => log.lambda(entry.line));
  }
  return runtime;
}

/**
 * Starts the local stack: the Lambda runtime and the services in order (later issues add S3, DynamoDB,
 * Step Functions and the edge as more LocalServices). On a failed start, what started is stopped again.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const log = options.log ?? silentSink();
  const runtime = createRuntime(options, log);
  const services: LocalService[] = [apiService(runtime, options, log)];
  const started: { service: LocalService; url: string }[] = [];
  const stop = async (): Promise<void> => {
    for (const { service } of started.splice(0).reverse()) await service.stop();
    await runtime.close();
  };
  try {
    for (const service of services) started.push({ service, url: (await service.start()).url });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    apiUrl: started.find((s) => s.service.name === 'api')?.url ?? '',
    runtime,
    services: started.map(({ service, url }) => ({ name: service.name, url })),
    stop,
  };
}
