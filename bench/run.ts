/**
 * `npm run bench`: sync vs batch latency, cold vs warm, orchestration overhead and cost, written to
 * bench/results/<timestamp>/. Local by default (its own stack on free ports); a deployed stack with
 * --api-url --input-bucket --output-bucket --table --region. `--quick`: the CI smoke set (< 60 s).
 */
import { fileURLToPath } from 'node:url';
import { bucketize, renderCharts, writeResults } from './lib/index.ts';
import type { BenchResults, ColdStartRow } from './lib/index.ts';
import { batchCostLines, crossoverOf, syncCostLines, syncModel } from './cost-summary.ts';
import { keyFigures } from './key-figures.ts';
import { USAGE, benchPlan, parseBenchArgs } from './options.ts';
import { progressLine } from './progress.ts';
import { reportLog } from './report-log.ts';
import { runBatch, type BatchRun } from './scenarios/batch.ts';
import { coldWaveRows, runColdStarts, type ColdStartOutcome } from './scenarios/cold-starts.ts';
import { runExperiments, type ExperimentOutcome } from './scenarios/experiment.ts';
import { runSync, type SyncOutcome } from './scenarios/sync.ts';
import { openTarget } from './targets.ts';
import type { BenchOptions, BenchPlan, ProgressSink, Target } from './types.ts';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEFAULT_MEMORY_MB = 1024;

interface Measured {
  sync?: SyncOutcome;
  cold?: ColdStartOutcome;
  batch?: BatchRun[];
  experiments?: ExperimentOutcome;
  failures: string[];
}

/** A failed scenario is reported and the others still run: a partial report beats none. */
async function attempt<T>(name: string, measured: Measured, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    measured.failures.push(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

async function measureAll(target: Target, options: BenchOptions, plan: BenchPlan, progress: ProgressSink): Promise<Measured> {
  const reports = reportLog(target);
  const measured: Measured = { failures: [] };
  const runTag = new Date().toISOString().replace(/[:.]/g, '-');
  try {
    const wanted = new Set(options.only);
    // sync first: its cold wave needs instances nobody has started yet
    if (wanted.has('sync')) measured.sync = await attempt('sync', measured, () => runSync(target, plan, reports, progress));
    if (wanted.has('cold'))
      measured.cold = await attempt('cold starts', measured, () => runColdStarts(target, plan, reports, progress, options.fullIdleGaps));
    if (wanted.has('batch')) measured.batch = await attempt('batch', measured, () => runBatch(target, plan.batchRows, runTag, progress));
    if (wanted.has('experiments'))
      measured.experiments = await attempt('experiments', measured, () => runExperiments(target, plan.experimentRuns, progress));
  } finally {
    reports.stop();
  }
  return measured;
}

function setupNotes(options: BenchOptions, plan: BenchPlan, target: Target, memoryMb: number): string[] {
  const where =
    options.target.kind === 'local'
      ? `Target: local stack started by the bench (${options.target.instances} Lambda instances max, idle timeout ${options.target.idleTimeoutMs / 1000} s, function memory ${target.memoryMb ?? '?'} MB as configured in CDK); load generator in a worker thread of the same process.`
      : `Target: deployed stack at ${options.target.apiUrl} (${options.target.region}); cold/warm is not known per request (no REPORT lines read).`;
  return [
    `${options.quick ? 'Quick run (--quick)' : 'Full run'}. ${where}`,
    `Sync: cold wave of ${plan.coldWave} simultaneous requests, then ${plan.syncWarmMs / 1000} s per concurrency (${plan.syncConcurrencies.join(', ')}) and ${plan.rowsWarmMs / 1000} s per payload size (${plan.rowsPerRequest.join(', ')} rows, concurrency 1). Batch: ${plan.batchRows.join(', ')} rows. Experiments: ${plan.experimentRuns} runs each.`,
    `Cost at ${memoryMb} MB (x86). Crossover: sync side = one row per request at concurrency ${plan.crossoverConcurrency}.`,
  ];
}

function coldRows(m: Measured, reportsKnown: boolean): ColdStartRow[] {
  const wave = m.sync?.scenarios[0];
  return [
    ...(wave && m.sync ? coldWaveRows(wave.name, m.sync.coldSamples, m.sync.initDurationsMs, reportsKnown) : []),
    ...(m.cold?.rows ?? []),
  ];
}

function batchNotes(runs: readonly BatchRun[]): string[] {
  const late = runs.filter((r) => r.uploadAckLateMs > 0);
  return late.length
    ? [
        `Batch: for ${late.map((r) => `${r.name} (${r.uploadAckLateMs} ms)`).join(', ')} ingest started before PutObject answered the client; end-to-end starts at ingest start there.`,
      ]
    : [];
}

function assemble(m: Measured, startedAt: Date, notes: string[], memoryMb: number, plan: BenchPlan, reportsKnown: boolean): BenchResults {
  const sync = m.sync?.scenarios;
  const usage = m.sync?.usage ?? {};
  const model = sync && syncModel(sync, usage, plan.crossoverConcurrency);
  return {
    title: 'Sync vs batch prediction: latency, cold starts, orchestration overhead, cost',
    startedAt: startedAt.toISOString(),
    notes: [...notes, ...batchNotes(m.batch ?? []), ...m.failures.map((f) => `**${f}**`)],
    sync,
    coldStarts: coldRows(m, reportsKnown),
    batch: m.batch?.map(({ name, rows, bytes, decomposition }) => ({ name, rows, bytes, decomposition })),
    experiments: m.experiments,
    cost: { sync: sync ? syncCostLines(sync, usage, memoryMb) : [], batch: m.batch ? batchCostLines(m.batch, memoryMb) : [] },
    crossover: crossoverOf(model, m.batch ?? []),
  };
}

async function charts(m: Measured): Promise<Record<string, string>> {
  const samples = m.sync?.samples ?? [];
  const coldGap = (m.cold?.samples ?? []).filter((s) => s.cold && s.ok).map((s) => s.ms);
  return renderCharts({
    buckets: bucketize(samples, 1000),
    coldLatenciesMs: [...(m.sync?.coldSamples ?? []).filter((s) => s.ok).map((s) => s.ms), ...coldGap],
    warmLatenciesMs: samples.filter((s) => s.cold === false && s.ok).map((s) => s.ms),
    batch: m.batch,
  });
}

export async function main(argv: readonly string[]): Promise<number> {
  const options = parseBenchArgs(argv, REPO_ROOT);
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const started = Date.now();
  const startedAt = new Date(started);
  const plan = benchPlan(options.quick, options.target.kind === 'local' ? options.target.idleTimeoutMs : undefined);
  const progress = progressLine();
  progress.update(options.target.kind === 'local' ? 'starting the local stack' : `target ${options.target.apiUrl}`);
  const target = await openTarget(options.target, options.memoryMb);
  const memoryMb = options.memoryMb ?? target.memoryMb ?? DEFAULT_MEMORY_MB;
  let measured: Measured;
  try {
    measured = await measureAll(target, options, plan, progress);
  } finally {
    progress.update('stopping');
    await target.stop();
  }
  progress.update('rendering charts and report');
  const measuredS = (Date.now() - started) / 1000;
  const notes = [...setupNotes(options, plan, target, memoryMb), `Measuring took ${measuredS.toFixed(0)} s.`];
  const results = assemble(measured, startedAt, notes, memoryMb, plan, target.onReport !== undefined);
  const written = writeResults(results, await charts(measured), { resultsRoot: options.out, date: startedAt, repoRoot: REPO_ROOT });
  progress.done();
  console.log(keyFigures(results).join('\n'));
  console.log(`\n${written.dir}/report.md (${((Date.now() - started) / 1000).toFixed(0)} s in all)`);
  for (const failure of measured.failures) console.error(failure);
  return measured.failures.length ? 1 : 0;
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
