import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { FaultPlan, checkFaultsSupported, faultError, hangEnvironment, parseFaults } from './faults.ts';
import { ENVIRONMENT_ENTRY, ExecutionEnvironment, type InstanceOutcome } from './ExecutionEnvironment.ts';
import { pickIdle, pickReclaimable, reclaimInterval } from './pool.ts';
import { billedDuration, endLine, startLine, timeoutMessage } from './report.ts';
import { currentTrace, newTraceId, traceHeader } from '../meter/trace.ts';
import { RuntimeClosedError } from './errors.ts';
import { instanceEnvironment, type FunctionIdentity } from './environment.ts';
import type {
  InstanceLogLine,
  InstanceOutput,
  InvocationReport,
  InvokeOptions,
  InvokeResult,
  LambdaError,
  LambdaRuntimeOptions,
  RuntimeStats,
} from './types.ts';
import { LOCAL_ACCOUNT, LOCAL_FUNCTION_NAME, LOCAL_REGION } from '../local-names.ts';
import type { LocalService } from '../types.ts';

/** Instances a runtime may run at once unless told otherwise (like an unreserved function on a quiet account). */
export const DEFAULT_CONCURRENCY = 10;

const LIVE_RUNTIMES = new Set<LambdaRuntime>();
process.once('exit', () => {
  for (const runtime of LIVE_RUNTIMES) runtime.killAllSync();
});

interface Waiter {
  resolve: (instance: ExecutionEnvironment | LambdaError) => void;
  timer: NodeJS.Timeout;
}

interface RuntimeEvents {
  report: [InvocationReport];
  log: [InstanceLogLine];
  output: [InstanceOutput];
}

/**
 * A local stand-in for one Lambda function: a pool of warm child processes (execution environments).
 * Reuses the most recently used idle instance, starts a new one (cold start) when all are busy, up to
 * `concurrency`. Beyond that, real Lambda throttles at once (429); locally we queue (bounded, with a wait
 * limit) so a burst from a test or the bench is smoothed rather than failed, then throttle with
 * `Lambda.TooManyRequestsException`.
 */
export class LambdaRuntime extends EventEmitter<RuntimeEvents> implements LocalService {
  readonly #identity: FunctionIdentity;
  readonly #options: Required<Omit<LambdaRuntimeOptions, 'faults' | 'functionName' | 'region' | 'accountId' | 'taskRoot' | 'memorySizeMB'>>;
  readonly #instances = new Map<string, ExecutionEnvironment>();
  /**
   * The trace of the invocation each instance serves or last served: its output is counted under it, also a line
   * that arrives after the invocation's result (the function's stdout and its result travel apart).
   */
  readonly #serving = new Map<string, string>();
  readonly #queue: Waiter[] = [];
  readonly #faults: FaultPlan;
  readonly #reclaimTimer: NodeJS.Timeout;
  #nextInstance = 1;
  #coldStarts = 0;
  #invocations = 0;
  #reclaimed = 0;
  #closed = false;

  constructor(options: LambdaRuntimeOptions) {
    super();
    this.#identity = {
      functionName: options.functionName ?? LOCAL_FUNCTION_NAME,
      memorySizeMB: options.memorySizeMB ?? 1024,
      region: options.region ?? LOCAL_REGION,
      accountId: options.accountId ?? LOCAL_ACCOUNT,
      taskRoot: options.taskRoot ?? process.cwd(),
      handler: `${options.handler.modulePath}.${options.handler.exportName}`,
    };
    this.#options = {
      handler: options.handler,
      timeoutMs: options.timeoutMs ?? 30_000,
      concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
      idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
      maxQueueLength: options.maxQueueLength ?? 1000,
      queueTimeoutMs: options.queueTimeoutMs ?? 10_000,
      initTimeoutMs: options.initTimeoutMs ?? 10_000,
      environment: options.environment ?? {},
      isolation: options.isolation ?? 'process',
      instanceEntry: options.instanceEntry ?? ENVIRONMENT_ENTRY,
    };
    this.#faults = new FaultPlan(
      checkFaultsSupported(options.faults ?? parseFaults(process.env.LOCAL_LAMBDA_FAULTS), this.#options.isolation),
    );
    this.#reclaimTimer = setInterval(() => this.#reclaimIdle(), reclaimInterval(this.#options.idleTimeoutMs)).unref();
    LIVE_RUNTIMES.add(this);
  }

  get functionName(): string {
    return this.#identity.functionName;
  }

  /** The stack's service list entry: one runtime per function. */
  get name(): string {
    return `lambda ${this.#identity.functionName}`;
  }

  get memorySizeMB(): number {
    return this.#identity.memorySizeMB;
  }

  stats(): RuntimeStats {
    const states = [...this.#instances.values()].map((i) => i.state);
    return {
      instances: this.#instances.size,
      busy: states.filter((s) => s === 'busy').length,
      idle: states.filter((s) => s === 'idle').length,
      starting: states.filter((s) => s === 'starting').length,
      queued: this.#queue.length,
      coldStarts: this.#coldStarts,
      invocations: this.#invocations,
      reclaimed: this.#reclaimed,
    };
  }

  /** Process ids of the live instances (tests check nothing is left behind). */
  pids(): number[] {
    return [...this.#instances.values()].flatMap((i) => (i.pid === undefined ? [] : [i.pid]));
  }

  async invoke(event: unknown, options: InvokeOptions = {}): Promise<InvokeResult> {
    if (this.#closed) throw new RuntimeClosedError();
    const requestId = randomUUID();
    const traceId = options.traceId ?? currentTrace() ?? newTraceId();
    this.#invocations += 1;
    const rule = this.#faults.takeRule(event);
    const fault = rule?.fail;
    if (fault === 'delay') await new Promise((resolve) => setTimeout(resolve, rule!.delayMs));
    if (fault === 'transient' || fault === 'permanent') return this.#bare(requestId, traceId, faultError(fault, requestId));
    const timeoutMs = options.timeoutMs ?? this.#options.timeoutMs;
    const acquired = await this.#acquire();
    if (!(acquired instanceof ExecutionEnvironment)) return this.#bare(requestId, traceId, acquired);
    const result = await this.#runOn(acquired, { requestId, traceId, event }, timeoutMs, fault === 'timeout');
    if (fault !== 'lost-response' || result.error !== undefined) return result;
    const lost = faultError('transient', requestId);
    return { payload: withoutSource(lost), error: lost, report: result.report };
  }

  async stop(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#reclaimTimer);
    LIVE_RUNTIMES.delete(this);
    for (const waiter of this.#queue.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.resolve(throttled('The local Lambda runtime is closing'));
    }
    await Promise.all([...this.#instances.values()].map((i) => i.kill()));
    this.#instances.clear();
  }

  async #runOn(instance: ExecutionEnvironment, call: Call, timeoutMs: number, hang = false): Promise<InvokeResult> {
    const { requestId, traceId, event } = call;
    this.#serving.set(instance.id, traceId);
    const initError = await instance.ready();
    const cold = instance.invocations === 0;
    this.#platformLine(instance, traceId, startLine(requestId));
    if (initError !== undefined) {
      void instance.kill();
      return this.#finish(instance, call, { error: initError, durationMs: 0, maxRssKB: 0 }, cold);
    }
    const deadlineMs = Date.now() + timeoutMs;
    if (hang) hangEnvironment(instance.pid);
    const message = { type: 'invoke', requestId, event, deadlineMs, traceHeader: traceHeader(traceId) } as const;
    const outcome = await instance.invoke(message, timeoutMs, () => ({
      errorType: 'Sandbox.Timedout',
      errorMessage: timeoutMessage(requestId, timeoutMs),
      source: 'function',
    }));
    return this.#finish(instance, call, outcome, cold);
  }

  #finish(instance: ExecutionEnvironment, call: Call, outcome: InstanceOutcome, cold: boolean): InvokeResult {
    const { requestId, traceId } = call;
    const initDurationMs = cold ? instance.initDurationMs : undefined;
    const report: InvocationReport = {
      requestId,
      instanceId: instance.id,
      durationMs: outcome.durationMs,
      // Init is billed too (on-demand functions, since 2025-08-01): the REPORT line's Billed Duration includes it.
      billedDurationMs: billedDuration(outcome.durationMs, initDurationMs),
      memorySizeMB: this.#identity.memorySizeMB,
      maxMemoryUsedMB: Math.ceil(outcome.maxRssKB / 1024),
      traceId,
      cpuMs: outcome.cpuMs ?? 0,
    };
    if (initDurationMs !== undefined) report.initDurationMs = initDurationMs;
    if (outcome.error !== undefined) {
      // What Lambda's Node runtime writes to CloudWatch for a failed invocation.
      const line = `${new Date().toISOString()}\t${requestId}\tERROR\tInvoke Error \t${JSON.stringify(withoutSource(outcome.error))}`;
      this.#platformLine(instance, traceId, line, 'stderr');
    }
    this.#platformLine(instance, traceId, endLine(requestId));
    this.#release(instance);
    this.emit('report', report);
    const payload = outcome.error === undefined ? outcome.payload : withoutSource(outcome.error);
    return outcome.error === undefined ? { payload, report } : { payload, error: outcome.error, report };
  }

  /** A result for an invocation that never reached an instance (throttle, injected fault). */
  #bare(requestId: string, traceId: string, error: LambdaError): InvokeResult {
    const report: InvocationReport = {
      requestId,
      instanceId: '-',
      durationMs: 0,
      billedDurationMs: 0,
      memorySizeMB: this.#identity.memorySizeMB,
      maxMemoryUsedMB: 0,
      traceId,
      cpuMs: 0,
    };
    return { payload: withoutSource(error), error, report };
  }

  #acquire(): Promise<ExecutionEnvironment | LambdaError> {
    const idle = pickIdle(this.#instances.values());
    if (idle !== undefined) return Promise.resolve(this.#markBusy(idle));
    if (this.#instances.size < this.#options.concurrency) return Promise.resolve(this.#markBusy(this.#spawn()));
    if (this.#queue.length >= this.#options.maxQueueLength) return Promise.resolve(throttled('Rate Exceeded.'));
    return new Promise((resolve) => {
      const waiter: Waiter = {
        resolve,
        timer: setTimeout(() => {
          this.#queue.splice(this.#queue.indexOf(waiter), 1);
          resolve(throttled('Rate Exceeded.'));
        }, this.#options.queueTimeoutMs),
      };
      this.#queue.push(waiter);
    });
  }

  /**
   * A line the runtime writes to the instance's log stream (START, END, an invoke error): ingested as the function's
   * own output is, so counted as output of the invocation's trace too.
   */
  #platformLine(instance: ExecutionEnvironment, traceId: string, line: string, stream: InstanceLogLine['stream'] = 'stdout'): void {
    if (this.listenerCount('output') > 0) this.emit('output', { traceId, bytes: Buffer.byteLength(line) + 1 });
    if (this.listenerCount('log') > 0) this.emit('log', { instanceId: instance.id, stream, line });
  }

  #markBusy(instance: ExecutionEnvironment): ExecutionEnvironment {
    instance.state = 'busy';
    return instance;
  }

  #release(instance: ExecutionEnvironment): void {
    if (instance.state === 'dead') return this.#serveQueueWithNewInstance();
    instance.lastUsedAt = Date.now();
    const waiter = this.#queue.shift();
    if (waiter === undefined) {
      instance.state = 'idle';
      return;
    }
    clearTimeout(waiter.timer);
    waiter.resolve(instance);
  }

  /** After an instance died, a queued invocation gets a fresh instance in its place. */
  #serveQueueWithNewInstance(): void {
    if (this.#closed || this.#instances.size >= this.#options.concurrency) return;
    const waiter = this.#queue.shift();
    if (waiter === undefined) return;
    clearTimeout(waiter.timer);
    waiter.resolve(this.#markBusy(this.#spawn()));
  }

  #spawn(): ExecutionEnvironment {
    const id = `${Date.now().toString(36)}${(this.#nextInstance++).toString(36).padStart(4, '0')}`;
    const instance = new ExecutionEnvironment({
      id,
      handler: this.#options.handler,
      env: instanceEnvironment(this.#identity, id, this.#options.environment),
      isolation: this.#options.isolation,
      entry: this.#options.instanceEntry,
      initTimeoutMs: this.#options.initTimeoutMs,
      onLog: (line) => this.emit('log', line),
      onOutputBytes: (bytes) => {
        if (this.listenerCount('output') > 0) this.emit('output', { traceId: this.#serving.get(id), bytes });
      },
      wantsLogs: () => this.listenerCount('log') > 0,
      onExit: (dead) => this.#onInstanceExit(dead),
    });
    this.#instances.set(id, instance);
    this.#coldStarts += 1;
    return instance;
  }

  #onInstanceExit(instance: ExecutionEnvironment): void {
    this.#instances.delete(instance.id);
    this.#serving.delete(instance.id);
    // The freed slot goes to a waiting invocation, if any.
    this.#serveQueueWithNewInstance();
  }

  #reclaimIdle(): void {
    for (const instance of pickReclaimable(this.#instances.values(), Date.now(), this.#options.idleTimeoutMs)) {
      this.#instances.delete(instance.id);
      this.#reclaimed += 1;
      void instance.kill();
    }
  }

  /** Last resort on parent exit (children also exit by themselves when the IPC channel closes). */
  killAllSync(): void {
    for (const instance of this.#instances.values()) void instance.kill();
  }
}

/** One invocation on its way to an environment. */
interface Call {
  requestId: string;
  traceId: string;
  event: unknown;
}

function throttled(message: string): LambdaError {
  return { errorType: 'Lambda.TooManyRequestsException', errorMessage: message, source: 'service' };
}

function withoutSource(error: LambdaError): Omit<LambdaError, 'source'> {
  const { source: _source, ...payload } = error;
  return payload;
}
