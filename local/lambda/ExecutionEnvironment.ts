import { fileURLToPath } from 'node:url';
import type { Readable } from 'node:stream';
import { startEnvironmentHost, type EnvironmentHost } from './environment-host.ts';
import type { ChildMessage, HandlerRef, InstanceLogLine, InvokeMessage, LambdaError, LambdaIsolation } from './types.ts';

/** The execution environment's entry, run from its TypeScript source unless the runtime is given a JS build. */
export const ENVIRONMENT_ENTRY = fileURLToPath(new URL('./environment-entry.ts', import.meta.url));

export interface InstanceOutcome {
  payload?: unknown;
  error?: LambdaError;
  durationMs: number;
  cpuMs?: number;
  maxRssKB: number;
}

export interface ExecutionEnvironmentOptions {
  id: string;
  handler: HandlerRef;
  env: Record<string, string>;
  isolation: LambdaIsolation;
  /** Entry module of the environment (ENVIRONMENT_ENTRY or its JS build). */
  entry: string;
  initTimeoutMs: number;
  onLog: (line: InstanceLogLine) => void;
  /** False while nobody listens: output is then drained without being split into lines. */
  wantsLogs: () => boolean;
  /** Bytes of output as they arrive, whether or not anyone wants the lines (the meter counts log ingestion). */
  onOutputBytes?: (bytes: number) => void;
  onExit: (instance: ExecutionEnvironment) => void;
}

interface Pending {
  requestId: string;
  resolve: (outcome: InstanceOutcome) => void;
  startedAt: number;
}

/** Runtime-side handle of one execution environment (`environment-entry.ts` in its own process or thread). */
export class ExecutionEnvironment {
  readonly id: string;
  state: 'starting' | 'idle' | 'busy' | 'dead' = 'starting';
  lastUsedAt = Date.now();
  /** Spawn → handler module imported; reported once, on the first invocation. */
  initDurationMs: number | undefined;
  invocations = 0;
  readonly #child: EnvironmentHost;
  readonly #ready: Promise<LambdaError | undefined>;
  readonly #onExit: (instance: ExecutionEnvironment) => void;
  #pending: Pending | undefined;
  #exited: Promise<void>;

  constructor(options: ExecutionEnvironmentOptions) {
    this.id = options.id;
    this.#onExit = options.onExit;
    const spawnedAt = performance.now();
    this.#child = startEnvironmentHost({
      isolation: options.isolation,
      entry: options.entry,
      argv: [options.handler.modulePath, options.handler.exportName],
      env: options.env,
    });
    this.#forwardLogs(this.#child.stdout, 'stdout', options);
    this.#forwardLogs(this.#child.stderr, 'stderr', options);
    this.#exited = new Promise((resolve) =>
      this.#child.onExit((code, signal) => {
        this.#handleExit(code, signal);
        resolve();
      }),
    );
    this.#ready = this.#waitReady(spawnedAt, options.initTimeoutMs);
    this.#child.onMessage((message) => this.#handleMessage(message));
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** Resolves undefined when the handler module is imported, or with the init error. */
  ready(): Promise<LambdaError | undefined> {
    return this.#ready;
  }

  /** Runs one invocation; the timeout kills the environment, as Lambda does. Never rejects. */
  invoke(message: InvokeMessage, timeoutMs: number, timeoutError: () => LambdaError): Promise<InstanceOutcome> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#pending = undefined;
        this.kill();
        resolve({ error: timeoutError(), durationMs: timeoutMs, maxRssKB: 0 });
      }, timeoutMs);
      this.#pending = {
        requestId: message.requestId,
        startedAt: performance.now(),
        resolve: (outcome) => {
          clearTimeout(timer);
          resolve(outcome);
        },
      };
      this.invocations += 1;
      this.#child.send(message);
    });
  }

  kill(): Promise<void> {
    this.state = 'dead';
    if (this.#child.isAlive()) this.#child.kill();
    return this.#exited;
  }

  #waitReady(spawnedAt: number, initTimeoutMs: number): Promise<LambdaError | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        resolve({ errorType: 'Runtime.InitTimeout', errorMessage: `Init timed out after ${initTimeoutMs} ms`, source: 'function' });
        this.kill();
      }, initTimeoutMs);
      const onMessage = (message: ChildMessage) => {
        if (message.type !== 'ready' && message.type !== 'init-error') return;
        clearTimeout(timer);
        this.#child.offMessage(onMessage);
        this.initDurationMs = performance.now() - spawnedAt;
        resolve(message.type === 'ready' ? undefined : { ...message.error, source: 'function' });
      };
      this.#child.onMessage(onMessage);
      this.#child.onExit((code) => {
        clearTimeout(timer);
        resolve({
          errorType: 'Runtime.ExitError',
          errorMessage: `Runtime exited during init with exit status ${code}`,
          source: 'function',
        });
      });
    });
  }

  #handleMessage(message: ChildMessage): void {
    if (message.type !== 'result') return;
    const pending = this.#pending;
    if (pending === undefined || pending.requestId !== message.requestId) return;
    this.#pending = undefined;
    const error = message.error === undefined ? undefined : { ...message.error, source: 'function' as const };
    pending.resolve({
      payload: message.payload === undefined ? undefined : JSON.parse(message.payload),
      error,
      durationMs: message.durationMs,
      cpuMs: message.cpuMs,
      maxRssKB: message.maxRssKB,
    });
  }

  #handleExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.state = 'dead';
    const pending = this.#pending;
    this.#pending = undefined;
    if (pending !== undefined) {
      const status = signal === null ? `exit status ${code}` : `signal ${signal}`;
      pending.resolve({
        error: {
          errorType: 'Runtime.ExitError',
          errorMessage: `RequestId: ${pending.requestId} Error: Runtime exited with error: ${status}`,
          source: 'function',
        },
        durationMs: performance.now() - pending.startedAt,
        maxRssKB: 0,
      });
    }
    this.#onExit(this);
  }

  #forwardLogs(stream: Readable | null, name: InstanceLogLine['stream'], options: ExecutionEnvironmentOptions): void {
    if (stream === null) return;
    stream.setEncoding('utf8');
    let partial = '';
    stream.on('data', (chunk: string) => {
      options.onOutputBytes?.(Buffer.byteLength(chunk));
      if (!options.wantsLogs()) return;
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) options.onLog({ instanceId: this.id, stream: name, line: line.endsWith('\r') ? line.slice(0, -1) : line });
    });
    stream.on('end', () => {
      if (partial !== '' && options.wantsLogs()) options.onLog({ instanceId: this.id, stream: name, line: partial });
    });
  }
}
