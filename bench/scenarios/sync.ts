/**
 * Sync scenario: a cold phase (a wave of simultaneous first requests on fresh instances), then warm closed-loop runs
 * at each concurrency with one row per request, then bigger payloads at concurrency 1.
 */
import { predictBody } from '../csv-generator.ts';
import { mean, summarize, usageBetween } from '../lib/index.ts';
import type { Usage } from '../../local/meter/index.ts';
import type { Sample, SyncScenario } from '../lib/index.ts';
import type { ReportLog } from '../report-log.ts';
import type { BenchPlan, ProgressSink, Target } from '../types.ts';
import { loadInWorker } from './load-worker.ts';

export interface SyncOutcome {
  scenarios: SyncScenario[];
  /** Every sample in run order (latency-over-time chart). */
  samples: Sample[];
  coldSamples: Sample[];
  /** Init Durations of the cold wave's REPORT lines (local only). */
  initDurationsMs: number[];
  /** Mean handler Duration per scenario name, from REPORT lines (local only). */
  handlerMs: Record<string, number>;
  /** Billable units of each scenario's window, from the local meter's run counters (local only): what the cost is computed from. */
  usage: Record<string, Usage>;
}

interface Phase {
  name: string;
  concurrency: number;
  rowsPerRequest: number;
  durationMs: number;
  maxRequests?: number;
  cold?: boolean;
}

async function measure(target: Target, reports: ReportLog, phase: Phase, outcome: SyncOutcome): Promise<void> {
  const fromMs = Date.now();
  const before = target.meter?.run();
  const run = await loadInWorker({
    url: `${target.apiUrl}/predict`,
    body: predictBody(phase.rowsPerRequest),
    concurrency: phase.concurrency,
    durationMs: phase.durationMs,
    maxRequests: phase.maxRequests,
  });
  const seen = reports.between(fromMs, Date.now());
  const after = target.meter?.run();
  if (before && after) outcome.usage[phase.name] = usageBetween(after, before);
  const samples = run.samples.map((s) => ({ ...s, cold: phase.cold }));
  outcome.samples.push(...samples);
  if (phase.cold !== false) {
    outcome.coldSamples.push(...samples);
    outcome.initDurationsMs.push(...seen.flatMap((r) => (r.initDurationMs === undefined ? [] : [r.initDurationMs])));
  }
  if (seen.length) outcome.handlerMs[phase.name] = mean(seen.map((r) => r.durationMs));
  outcome.scenarios.push({
    name: phase.name,
    concurrency: phase.concurrency,
    rowsPerRequest: phase.rowsPerRequest,
    memoryMb: target.memoryMb,
    summary: summarize(samples, { elapsedS: run.elapsedS }),
  });
}

/**
 * Unrecorded load that lets the target scale out (and JIT warm up) before a measured phase. Idle instances are
 * reclaimed between phases (locally after 2 s), so a phase at higher concurrency would otherwise measure its own
 * cold starts: where REPORT lines show them, slices of load repeat until one starts no instance.
 */
async function warmUp(target: Target, reports: ReportLog, concurrency: number, rowsPerRequest: number, sliceMs: number): Promise<void> {
  const maxSlices = reports.available ? 15 : 1;
  for (let slice = 0; slice < maxSlices; slice++) {
    const fromMs = Date.now();
    await loadInWorker({ url: `${target.apiUrl}/predict`, body: predictBody(rowsPerRequest), concurrency, durationMs: sliceMs });
    if (!reports.between(fromMs, Date.now()).some((r) => r.initDurationMs !== undefined)) return;
  }
}

export function warmName(concurrency: number, rowsPerRequest: number): string {
  return rowsPerRequest === 1 ? `warm c=${concurrency}` : `warm c=${concurrency}, ${rowsPerRequest} rows/request`;
}

export async function runSync(target: Target, plan: BenchPlan, reports: ReportLog, progress: ProgressSink): Promise<SyncOutcome> {
  const outcome: SyncOutcome = { scenarios: [], samples: [], coldSamples: [], initDurationsMs: [], handlerMs: {}, usage: {} };
  progress.update(`sync: cold wave of ${plan.coldWave} simultaneous first requests`);
  // Only the local target is known to have no instance yet; a deployed one may still be warm from earlier use.
  const coldName = `cold: first ${plan.coldWave} simultaneous requests${target.kind === 'local' ? ', fresh instances' : ''}`;
  await measure(
    target,
    reports,
    {
      name: coldName,
      concurrency: plan.coldWave,
      rowsPerRequest: 1,
      durationMs: 60_000,
      maxRequests: plan.coldWave,
      cold: target.kind === 'local' ? true : undefined,
    },
    outcome,
  );
  const warmUpMs = Math.min(1_000, plan.syncWarmMs / 4);
  for (const c of plan.syncConcurrencies) {
    progress.update(`sync: warm, concurrency ${c}, ${plan.syncWarmMs / 1000} s`);
    await warmUp(target, reports, c, 1, warmUpMs);
    await measure(
      target,
      reports,
      { name: warmName(c, 1), concurrency: c, rowsPerRequest: 1, durationMs: plan.syncWarmMs, cold: false },
      outcome,
    );
  }
  for (const rows of plan.rowsPerRequest) {
    progress.update(`sync: warm, ${rows} rows per request, ${plan.rowsWarmMs / 1000} s`);
    await warmUp(target, reports, 1, rows, warmUpMs / 2);
    await measure(
      target,
      reports,
      { name: warmName(1, rows), concurrency: 1, rowsPerRequest: rows, durationMs: plan.rowsWarmMs, cold: false },
      outcome,
    );
  }
  return outcome;
}
