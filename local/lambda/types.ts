/** Public and IPC types of the local Lambda runtime. */

/** A Lambda-style error: what the Invoke API returns as the payload of a failed invocation. */
export interface LambdaError {
  errorType: string;
  errorMessage: string;
  trace?: string[];
  /**
   * `function`: the handler (or its init/timeout/crash) failed — Invoke answers 200 with X-Amz-Function-Error.
   * `service`: the Invoke call itself failed (throttle, injected transient fault); errorType is already named as
   * Step Functions names it (`Lambda.TooManyRequestsException`, `Lambda.ServiceException`) so Retry rules match.
   */
  source: 'function' | 'service';
}

export interface InvocationReport {
  requestId: string;
  instanceId: string;
  durationMs: number;
  billedDurationMs: number;
  memorySizeMB: number;
  maxMemoryUsedMB: number;
  /** Only on the first invocation of a freshly started instance (a cold start). */
  initDurationMs?: number;
  /** The X-Ray trace the invocation ran in (`_X_AMZN_TRACE_ID`'s Root): given by the caller, or new as Lambda makes one. */
  traceId: string;
  /** CPU time the handler used (the environment's own CPU clock over the invocation), for the CPU-scaling model. */
  cpuMs: number;
}

export interface InvokeResult {
  payload: unknown;
  error?: LambdaError;
  report: InvocationReport;
}

export interface InvokeOptions {
  /** Overrides the function timeout for this call. */
  timeoutMs?: number;
  /** The caller's X-Ray trace (Step Functions passes its execution's); default: the current one (meter/trace.ts), else a new one. */
  traceId?: string;
}

export interface HandlerRef {
  /** Absolute or repo-relative path of the handler module, e.g. `functions/router.ts`. */
  modulePath: string;
  /** Export name, e.g. `handler`. */
  exportName: string;
}

/**
 * How execution environments are isolated: 'process' (default; one Node process each, as Lambda gives each its own
 * microVM) or 'thread' (worker threads of the runtime's process: the Node binary, onnxruntime's pages and the
 * runtime's memory are shared, so the whole stack needs far less memory; a native crash would take the stack down).
 */
export type LambdaIsolation = 'process' | 'thread';

export interface LambdaRuntimeOptions {
  handler: HandlerRef;
  /** Default 'process'. */
  isolation?: LambdaIsolation;
  /** The environments' entry module: default `environment-entry.ts`; the local stack passes its JS build (no TypeScript stripping per environment). */
  instanceEntry?: string;
  functionName?: string;
  memorySizeMB?: number;
  /** Per-invocation timeout (Lambda's function timeout). Default 30 s. */
  timeoutMs?: number;
  /** Max concurrent instances (reserved concurrency). Default 10. */
  concurrency?: number;
  /** An idle instance is reclaimed after this long. Default 60 s. */
  idleTimeoutMs?: number;
  /** Invocations waiting for a free instance; beyond it → TooManyRequestsException. Default 1000. */
  maxQueueLength?: number;
  /** How long an invocation may wait in the queue before it is throttled. Default 10 s. */
  queueTimeoutMs?: number;
  /** Time allowed for process start + module import (Lambda's 10 s init limit). */
  initTimeoutMs?: number;
  /** Function environment variables (the CDK function's `environment`). */
  environment?: Record<string, string>;
  region?: string;
  accountId?: string;
  /** Repo root, exposed as LAMBDA_TASK_ROOT; default the current working directory. */
  taskRoot?: string;
  /** Fault rules; default parsed from the LOCAL_LAMBDA_FAULTS env var of the runtime's own process. */
  faults?: FaultRule[];
}

/** Bytes an environment wrote to stdout/stderr (CloudWatch Logs ingestion), under the trace of the invocation it was serving. */
export interface InstanceOutput {
  traceId: string | undefined;
  bytes: number;
}

export interface RuntimeStats {
  instances: number;
  busy: number;
  idle: number;
  starting: number;
  queued: number;
  coldStarts: number;
  invocations: number;
  reclaimed: number;
}

/** One line an instance wrote to stdout/stderr. */
export interface InstanceLogLine {
  instanceId: string;
  stream: 'stdout' | 'stderr';
  line: string;
}

export type FaultKind = 'transient' | 'permanent' | 'timeout' | 'delay' | 'lost-response';

/**
 * A test-only fault: when every `match` path (dotted, into the event) equals its value, fail `times` times.
 * `delay` does not fail: the invocation starts `delayMs` late (a slow task, to stop or time out its workflow).
 * `lost-response` runs the function to its end, then answers the transient error instead of its result: the caller
 * retries work that was done (at-least-once execution, as when Lambda's response does not reach Step Functions).
 */
export interface FaultRule {
  match: Record<string, unknown>;
  fail: FaultKind;
  /** How many matching invocations fail; omitted = every one. */
  times?: number;
  delayMs?: number;
}

// ---- IPC between the runtime (parent) and an instance (child) ----

export interface InvokeMessage {
  type: 'invoke';
  requestId: string;
  event: unknown;
  deadlineMs: number;
  /** `_X_AMZN_TRACE_ID` for this invocation (the AWS SDK sends it as `X-Amzn-Trace-Id` on every call). */
  traceHeader: string;
}

export interface ContextSeed {
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  logGroupName: string;
  logStreamName: string;
}

export type ChildMessage =
  | { type: 'ready' }
  | { type: 'init-error'; error: Omit<LambdaError, 'source'> }
  | {
      type: 'result';
      requestId: string;
      /** The handler's result as JSON text (what Lambda's Invoke returns). */
      payload?: string;
      error?: Omit<LambdaError, 'source'>;
      durationMs: number;
      /** CPU time of the environment (its process, or its thread) during the invocation. */
      cpuMs: number;
      maxRssKB: number;
    };
