/**
 * Local sync API bench: one-row POST /predict through the local API Gateway adapter and Lambda runtime.
 * `npm run bench` (bench/run.ts) is the full bench; the fresh-process cold start is `npm run bench:handler`.
 *   node bench/sync-local.ts [--requests 2000] [--seconds 10] [--concurrency 32]
 * Prints sequential latency (p50/p95/p99) and throughput at concurrency 32.
 * The stack runs in this process; the load generator runs in a worker thread so it does not share the server's
 * event loop (an in-loop client roughly halves the throughput the server can show).
 */
import { Agent, request } from 'node:http';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { parseArgs } from 'node:util';
import { DEFAULT_HANDLER, REPO_ROOT, startLocalStack } from '../local/stack.ts';
import { percentile } from './lib/index.ts';

const BODY = Buffer.from('{"values": [[5.9, 3.0, 5.1, 2.3]]}');

interface Sample {
  ms: number;
  ok: boolean;
}

function postOnce(url: URL, agent: Agent): Promise<Sample> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': BODY.length } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ ms: performance.now() - started, ok: res.statusCode === 200 }));
      },
    );
    req.on('error', () => resolve({ ms: performance.now() - started, ok: false }));
    req.end(BODY);
  });
}

async function sequential(url: URL, count: number): Promise<Sample[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const samples: Sample[] = [];
  for (let i = 0; i < count; i++) samples.push(await postOnce(url, agent));
  agent.destroy();
  return samples;
}

async function concurrent(url: URL, concurrency: number, seconds: number, maxRequests: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const samples: Sample[] = [];
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  const worker = async () => {
    while (performance.now() < until && samples.length < maxRequests) samples.push(await postOnce(url, agent));
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  return { samples, elapsed };
}

interface ClientJob {
  url: string;
  mode: 'sequential' | 'concurrent';
  count: number;
  concurrency: number;
  seconds: number;
}

interface ClientResult {
  samples: Sample[];
  elapsed: number;
}

async function runClient(job: ClientJob): Promise<ClientResult> {
  const url = new URL(job.url);
  if (job.mode === 'sequential') {
    const started = performance.now();
    const samples = await sequential(url, job.count);
    return { samples, elapsed: (performance.now() - started) / 1000 };
  }
  return concurrent(url, job.concurrency, job.seconds, job.count);
}

function inWorker(job: ClientJob): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: job });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

function row(name: string, samples: Sample[], extra = ''): string {
  const ok = samples
    .filter((s) => s.ok)
    .map((s) => s.ms)
    .sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(3).padStart(8);
  return `${name.padEnd(26)} ${String(samples.length).padStart(7)} ${String(samples.length - ok.length).padStart(6)} ${f(percentile(ok, 50))} ${f(percentile(ok, 95))} ${f(percentile(ok, 99))} ${f(ok.at(-1) ?? NaN)} ${extra}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      requests: { type: 'string', default: '2000' },
      seconds: { type: 'string', default: '10' },
      concurrency: { type: 'string', default: '32' },
      instances: { type: 'string', default: '10' },
    },
  });
  const handler = DEFAULT_HANDLER;
  const stack = await startLocalStack({ apiPort: 0, handler, concurrency: Number(values.instances), lambdaLogs: false });
  try {
    const url = new URL('/predict', stack.apiUrl).href;
    const concurrency = Number(values.concurrency);
    await inWorker({ url, mode: 'sequential', count: 200, concurrency: 1, seconds: 0 }); // warm-up: one cold start, JIT
    const seq = (await inWorker({ url, mode: 'sequential', count: Number(values.requests), concurrency: 1, seconds: 0 })).samples;
    await inWorker({ url, mode: 'concurrent', count: 2000, concurrency, seconds: 1 }); // warm-up: scale out the instances
    const conc = await inWorker({ url, mode: 'concurrent', count: 20_000, concurrency, seconds: Number(values.seconds) });
    const rps = (conc.samples.length / conc.elapsed).toFixed(0);
    console.log(
      `\nPOST /predict, one row, ${handler.modulePath.replace(`${REPO_ROOT}/`, '')}; instances: ${stack.runtime.stats().instances}`,
    );
    console.log(
      `${'scenario'.padEnd(26)} ${'requests'.padStart(7)} ${'errors'.padStart(6)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'max ms'.padStart(8)} req/s`,
    );
    console.log(row('sequential (c=1)', seq, (seq.length / (seq.reduce((a, s) => a + s.ms, 0) / 1000)).toFixed(0)));
    console.log(row(`concurrent (c=${values.concurrency})`, conc.samples, rps));
  } finally {
    await stack.stop();
  }
}

if (!isMainThread) parentPort?.postMessage(await runClient(workerData as ClientJob));
else if (import.meta.main) await main();
