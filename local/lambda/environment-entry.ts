/**
 * One Lambda execution environment: a child process forked by ExecutionEnvironment, or a worker thread of the runtime's
 * process (see environment-host.ts). It imports the handler module once (the INIT phase), then serves invocations sent
 * as messages one at a time. Never imported by the runtime.
 * argv: <modulePath> <exportName>; the context seed comes as JSON in LOCAL_LAMBDA_CONTEXT.
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { isMainThread, parentPort } from 'node:worker_threads';
import type { ChildMessage, ContextSeed, InvokeMessage, LambdaError } from './types.ts';

type Handler = (event: unknown, context: unknown) => unknown;
type ErrorPayload = Omit<LambdaError, 'source'>;

const [modulePath, exportName] = process.argv.slice(2);
const seed = JSON.parse(process.env.LOCAL_LAMBDA_CONTEXT ?? '{}') as ContextSeed;
delete process.env.LOCAL_LAMBDA_CONTEXT;

/** The runtime: over IPC from a process, through parentPort from a thread. */
const runtime = isMainThread
  ? {
      send: (message: ChildMessage) => void process.send?.(message),
      onInvoke: (listener: (message: InvokeMessage) => void) => void process.on('message', listener),
    }
  : {
      send: (message: ChildMessage) => parentPort!.postMessage(message),
      onInvoke: (listener: (message: InvokeMessage) => void) => void parentPort!.on('message', listener),
    };

function send(message: ChildMessage): void {
  runtime.send(message);
}

/**
 * Memory used so far: the process's peak RSS, as Lambda's Max Memory Used; a thread shares the process, so it
 * reports its own isolate's heap and external memory instead (a lower bound).
 */
function maxMemoryKB(): number {
  if (isMainThread) return process.resourceUsage().maxRSS;
  const usage = process.memoryUsage();
  return Math.round((usage.heapTotal + usage.external) / 1024);
}

export function toErrorPayload(error: unknown): ErrorPayload {
  if (error instanceof Error) {
    return { errorType: error.name, errorMessage: error.message, trace: (error.stack ?? '').split('\n') };
  }
  return { errorType: 'Error', errorMessage: String(error) };
}

function buildContext(message: InvokeMessage) {
  return {
    ...seed,
    awsRequestId: message.requestId,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, message.deadlineMs - Date.now()),
  };
}

/** Lambda returns JSON: functions vanish, `undefined` becomes null, a cycle is an error. */
function serializeResult(result: unknown): string {
  try {
    return JSON.stringify(result) ?? 'null';
  } catch (thrown) {
    const error = new Error(`Unable to stringify response body: ${(thrown as Error).message}`);
    error.name = 'Runtime.MalformedHandlerResponse';
    throw error;
  }
}

async function loadHandler(): Promise<Handler> {
  const module = (await import(pathToFileURL(resolve(modulePath)).href)) as Record<string, unknown>;
  const handler = module[exportName];
  if (typeof handler !== 'function') {
    const error = new Error(`${modulePath}.${exportName} is undefined or not exported`);
    error.name = 'Runtime.HandlerNotFound';
    throw error;
  }
  return handler as Handler;
}

/** CPU time of this environment so far, in µs: its process, or its own thread when it is a worker thread. */
function cpuMicros(): number {
  const usage = isMainThread ? process.cpuUsage() : process.threadCpuUsage();
  return usage.user + usage.system;
}

async function invoke(handler: Handler, message: InvokeMessage): Promise<void> {
  // As Lambda's runtime does for each invocation: the AWS SDK sends it on every call as X-Amzn-Trace-Id.
  process.env._X_AMZN_TRACE_ID = message.traceHeader;
  const cpuStart = cpuMicros();
  const started = performance.now();
  let payload: string | undefined;
  let error: ErrorPayload | undefined;
  try {
    payload = serializeResult(await handler(message.event, buildContext(message)));
  } catch (thrown) {
    error = toErrorPayload(thrown);
  }
  const durationMs = performance.now() - started;
  const cpuMs = (cpuMicros() - cpuStart) / 1000;
  send({ type: 'result', requestId: message.requestId, payload, error, durationMs, cpuMs, maxRssKB: maxMemoryKB() });
}

async function main(): Promise<void> {
  // The parent going away (even SIGKILL) closes the IPC channel: never outlive it.
  if (isMainThread) process.on('disconnect', () => process.exit(0));
  let handler: Handler;
  try {
    handler = await loadHandler();
  } catch (thrown) {
    const error = toErrorPayload(thrown);
    if (error.errorType === 'Error') error.errorType = 'Runtime.ImportModuleError';
    send({ type: 'init-error', error });
    return;
  }
  // Uncaught errors outside an invocation crash the environment, as on Lambda; the parent replaces it.
  runtime.onInvoke((message) => void invoke(handler, message));
  send({ type: 'ready' });
}

void main();
