import { fork } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import type { Readable } from 'node:stream';
import type { ChildMessage, InvokeMessage, LambdaIsolation } from './types.ts';

/**
 * Where one execution environment runs: its own process (the default, like Lambda's one microVM per environment)
 * or a worker thread of the runtime's process (shares the Node binary and onnxruntime's pages: the low-memory mode).
 * Either way it runs `environment-entry.ts` (or its JS build), imports the handler once and serves invocations by message.
 */
export interface EnvironmentHost {
  /** OS process id, for a process host. */
  readonly pid: number | undefined;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  send(message: InvokeMessage): void;
  onMessage(listener: (message: ChildMessage) => void): void;
  offMessage(listener: (message: ChildMessage) => void): void;
  /** Called once when the environment ends (`signal` only for a process). */
  onExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void;
  isAlive(): boolean;
  /** Ends it at once (SIGKILL, or terminating the thread). */
  kill(): void;
}

export interface EnvironmentHostOptions {
  isolation: LambdaIsolation;
  /** The environment's entry module (`environment-entry.ts`, or its JS build). */
  entry: string;
  /** argv for the entry: handler module path and export name. */
  argv: string[];
  env: Record<string, string>;
}

export function startEnvironmentHost(options: EnvironmentHostOptions): EnvironmentHost {
  return options.isolation === 'thread' ? threadHost(options) : processHost(options);
}

function processHost(options: EnvironmentHostOptions): EnvironmentHost {
  const child = fork(options.entry, options.argv, {
    execPath: process.execPath,
    execArgv: [], // not the parent's flags (--inspect, --cpu-prof...): an environment starts clean
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'advanced', // measured: on par with 'json' for small events; keeps Buffers and typed arrays intact
  });
  // A send racing the child's death emits 'error'; the exit handler already answers the invocation.
  child.on('error', () => undefined);
  return {
    pid: child.pid,
    stdout: child.stdout,
    stderr: child.stderr,
    send: (message) => void child.send(message),
    onMessage: (listener) => void child.on('message', listener),
    offMessage: (listener) => void child.off('message', listener),
    onExit: (listener) => void child.once('exit', listener),
    isAlive: () => child.exitCode === null && child.signalCode === null,
    kill: () => void child.kill('SIGKILL'),
  };
}

function threadHost(options: EnvironmentHostOptions): EnvironmentHost {
  // env: the thread gets its own copy of process.env (the function's environment, nothing of the runtime's).
  const worker = new Worker(options.entry, { argv: options.argv, env: options.env, stdout: true, stderr: true, execArgv: [] });
  let alive = true;
  worker.once('exit', () => {
    alive = false;
  });
  // An uncaught error ends the thread ('exit' follows): as a crashed process, the runtime replaces it.
  worker.on('error', () => undefined);
  return {
    pid: undefined,
    stdout: worker.stdout,
    stderr: worker.stderr,
    send: (message) => worker.postMessage(message),
    onMessage: (listener) => void worker.on('message', listener),
    offMessage: (listener) => void worker.off('message', listener),
    onExit: (listener) => void worker.once('exit', (code) => listener(code, null)),
    isAlive: () => alive,
    kill: () => void worker.terminate(),
  };
}
