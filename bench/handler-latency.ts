/**
 * The handler figures of README's "Measured here" table, measured (not asserted in tests):
 *   - warm in-process invocation of the image's entry (`router.handler`) with the classic clients' one-row request;
 *   - cold start of a fresh process: import the bundled handler, create the ONNX session, first prediction
 *     (the image runs the esbuild bundle, so that is what is measured; the TypeScript sources are shown too).
 * Usage: node bench/handler-latency.ts [--warm 20000] [--cold 15]
 */
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { bundleFunctions, FUNCTIONS_ENTRY } from '../infra/bundle-functions.ts';
import { ascending, median, percentile } from './lib/index.ts';

const REPO = join(import.meta.dirname, '..');
const EVENT = { values: [[5.9, 3.0, 5.1, 2.3]] };
const run = promisify(execFile);

/** Runs in the child: everything from `import` to the first answer, timed from inside the fresh process. */
const COLD_PROBE = `
const t0 = performance.now();
const { handler } = await import(process.argv[1]);
const t1 = performance.now();
const answer = await handler(${JSON.stringify(EVENT)}, undefined);
const t2 = performance.now();
if (answer.statusCode !== 200) throw new Error(answer.body);
process.stdout.write(JSON.stringify({ importMs: t1 - t0, firstPredictionMs: t2 - t1, totalMs: t2 - t0 }));
`;

async function warmMicros(iterations: number): Promise<number[]> {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  const { handler } = await import('../functions/router.ts');
  for (let i = 0; i < 2000; i++) await handler(EVENT, undefined as never);
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = process.hrtime.bigint();
    await handler(EVENT, undefined as never);
    samples.push(Number(process.hrtime.bigint() - started) / 1000);
  }
  return ascending(samples);
}

async function coldStarts(modulePath: string, runs: number): Promise<{ totalMs: number; importMs: number; firstPredictionMs: number }[]> {
  const results = [];
  for (let i = 0; i < runs; i++) {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', COLD_PROBE, modulePath], {
      cwd: REPO,
      env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'SILENT', LAMBDA_TASK_ROOT: REPO },
    });
    results.push(JSON.parse(stdout) as { totalMs: number; importMs: number; firstPredictionMs: number });
  }
  return results;
}

function describeCold(label: string, runs: { totalMs: number; importMs: number; firstPredictionMs: number }[]): string {
  const m = (pick: (r: (typeof runs)[number]) => number) => median(runs.map(pick)).toFixed(1);
  return `${label}: median ${m((r) => r.totalMs)} ms (import ${m((r) => r.importMs)} ms + session and first prediction ${m((r) => r.firstPredictionMs)} ms), n=${runs.length}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { warm: { type: 'string', default: '20000' }, cold: { type: 'string', default: '15' } } });
  const warm = await warmMicros(Number(values.warm));
  console.log(
    `warm in-process router.handler, one row: median ${median(warm).toFixed(1)} µs, p95 ${percentile(warm, 95).toFixed(1)} µs, p99 ${percentile(warm, 99).toFixed(1)} µs (n=${warm.length})`,
  );
  const dir = join(REPO, '.tmp', 'bench-bundle');
  mkdirSync(dir, { recursive: true });
  await bundleFunctions(join(dir, 'router.mjs'));
  console.log(describeCold('cold start, esbuild bundle (as in the image)', await coldStarts(join(dir, 'router.mjs'), Number(values.cold))));
  console.log(
    describeCold(
      'cold start, TypeScript sources (npm start --no-bundle)',
      await coldStarts(FUNCTIONS_ENTRY, Math.min(5, Number(values.cold))),
    ),
  );
}

await main();
