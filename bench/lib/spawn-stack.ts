/**
 * Runs the local stack the way a user does (`npm start`: `node <STACK_NODE_FLAGS> local/cli.ts`) in its own process, on ephemeral ports
 * and a fresh temp data folder, for benches that must not share the stack's cores' event loop with their own client
 * (polling, uploads) and that measure the stack's process tree (CPU time, memory) apart from themselves.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LambdaIsolation } from '../../local/lambda/index.ts';
import { STACK_NODE_FLAGS } from '../../local/process-tuning.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
/** /proc/<pid>/stat counts CPU time in clock ticks (USER_HZ = 100 on Linux). */
const TICK_MS = 10;

export interface SpawnStackOptions {
  /** Max Lambda instances (`--concurrency`). */
  instances: number;
  /** Lambda environments as processes (default) or worker threads (`--lambda-isolation`). */
  isolation?: LambdaIsolation;
  /** Function environment overrides (`--env KEY=VALUE`). */
  environment?: Record<string, string>;
  /** Keep the data folder after stop (to inspect it). */
  keep?: boolean;
  /** Run the billing meter (default); `false` passes `--no-meter`, to measure what metering costs. */
  meter?: boolean;
}

export interface SpawnedStack {
  child: ChildProcess;
  pid: number;
  edgeUrl: string;
  apiUrl: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** Starts `local/cli.ts` and waits for its ready file. */
export async function spawnStack(options: SpawnStackOptions): Promise<SpawnedStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-stack-'));
  const readyFile = join(dataDir, 'ready.json');
  const envArgs = Object.entries(options.environment ?? {}).flatMap(([key, value]) => ['--env', `${key}=${value}`]);
  const child = spawn(
    process.execPath,
    [
      ...STACK_NODE_FLAGS,
      join(ROOT, 'local/cli.ts'),
      '--port',
      '0',
      '--edge-port',
      '0',
      '--data-dir',
      join(dataDir, 'data'),
      '--fresh',
      '--quiet',
      '--concurrency',
      String(options.instances),
      '--lambda-isolation',
      options.isolation ?? 'process',
      '--timeout',
      '900',
      '--ready-file',
      readyFile,
      ...(options.meter === false ? ['--no-meter'] : []),
      ...envArgs,
    ],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      child.kill('SIGTERM');
      await exited;
    }
    if (!options.keep) rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    for (let waited = 0; !existsSync(readyFile); waited += 100) {
      if (child.exitCode !== null) throw new Error(`the stack exited with code ${child.exitCode} before it was ready`);
      if (waited > 120_000) throw new Error('the stack was not ready after 120 s');
      await sleep(100);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const ready = JSON.parse(readFileSync(readyFile, 'utf8')) as { apiUrl: string; edgeUrl: string };
  return { child, pid: child.pid!, edgeUrl: ready.edgeUrl, apiUrl: ready.apiUrl, dataDir, stop };
}

/** What /proc/<pid>/stat says of one process. */
export interface ProcessStat {
  ppid: number;
  /** CPU time used (user + system), ms. */
  cpuMs: number;
  /** Resident set size, MB. */
  rssMb: number;
  /** Minor page faults so far: first touches of fresh memory, which cost CPU time here (see stackTreeFaults). */
  minorFaults: number;
}

const PAGE_KB = 4;

/** Every process's parent, CPU time and RSS, from /proc (Linux). */
export function processTable(): Map<number, ProcessStat> {
  const table = new Map<number, ProcessStat>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.set(Number(entry), {
        ppid: Number(fields[1]),
        cpuMs: (Number(fields[11]) + Number(fields[12])) * TICK_MS,
        rssMb: (Number(fields[21]) * PAGE_KB) / 1024,
        minorFaults: Number(fields[7]),
      });
    } catch {
      /* the process ended while we looked */
    }
  }
  return table;
}

/**
 * CPU ms used so far by the stack process and by its children (the Lambda instances, while alive: an instance that
 * was reclaimed takes its count along, so measure over spans in which instances stay warm).
 */
export function stackTreeCpuMs(root: number): { stack: number; instances: number } {
  return stackTreeSum(root, (proc) => proc.cpuMs);
}

/**
 * Minor page faults so far of the stack process and of its children, counted as stackTreeCpuMs. Each first touch
 * of memory the process got fresh from the kernel is one fault; on this VM a fault costs microseconds (filling a
 * fresh 8 MiB buffer: 0.4–2.8 ms per MB, a reused one: 0.02), so a job's fault count explains much of its CPU time.
 */
export function stackTreeFaults(root: number): { stack: number; instances: number } {
  return stackTreeSum(root, (proc) => proc.minorFaults);
}

function stackTreeSum(root: number, value: (proc: ProcessStat) => number): { stack: number; instances: number } {
  const table = processTable();
  let instances = 0;
  for (const [pid, proc] of table) if (proc.ppid === root && pid !== root) instances += value(proc);
  const stack = table.get(root);
  return { stack: stack ? value(stack) : 0, instances };
}

/** Resident memory (MB) of the stack process plus its children (the Lambda instances), from /proc. */
export function stackTreeRssMb(root: number): number {
  let total = 0;
  for (const [pid, proc] of processTable()) if (pid === root || proc.ppid === root) total += proc.rssMb;
  return total;
}
