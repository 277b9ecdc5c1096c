/**
 * Cost per 1M predictions (sync at each payload size, batch per job) and the sync-vs-batch crossover, from the units
 * the local stack's meter counted (local/meter) × prices.json. Sync: a scenario's window of the meter's run counters,
 * divided by the API requests in it. Batch: the job's own units (its trace). A target without a meter (a deployed
 * stack) gets no cost lines.
 */
import { batchModelFromJobs, crossover, scaleUsage, usageCost } from './lib/index.ts';
import type { BenchResults, CostBreakdown, CostLine, SyncModel, SyncScenario } from './lib/index.ts';
import type { Usage } from '../local/meter/index.ts';
import type { BatchRun } from './scenarios/batch.ts';

/** One request's share of a scenario's metered units; undefined when the window saw no API request. */
export function perRequestUsage(window: Usage | undefined): Usage | undefined {
  if (window === undefined || window.apiGateway.requests === 0) return undefined;
  return scaleUsage(window, 1 / window.apiGateway.requests);
}

function syncBreakdown(s: SyncScenario, usage: Record<string, Usage>): CostBreakdown | undefined {
  const one = perRequestUsage(usage[s.name]);
  return one && usageCost(one, s.rowsPerRequest);
}

/** One line per payload size, from the concurrency-1 warm runs. */
export function syncCostLines(scenarios: readonly SyncScenario[], usage: Record<string, Usage>, memoryMb: number): CostLine[] {
  return scenarios
    .filter((s) => s.concurrency === 1 && s.name.startsWith('warm'))
    .flatMap((s) => {
      const breakdown = syncBreakdown(s, usage);
      const one = perRequestUsage(usage[s.name]);
      if (!breakdown || !one) return [];
      const billed = one.lambda.billedMs;
      return [
        {
          label: `sync, ${s.rowsPerRequest} row(s)/request, ${billed.toFixed(1)} ms billed (metered), ${memoryMb} MB, REST API`,
          breakdown,
        },
      ];
    });
}

export function batchCostLines(runs: readonly BatchRun[], memoryMb: number): CostLine[] {
  return runs.flatMap((r) =>
    r.cost ? [{ label: `batch, ${r.name}, ${r.decomposition.chunks} chunk(s), ${memoryMb} MB (metered)`, breakdown: r.cost }] : [],
  );
}

/** Sync side of the crossover: one row per request at `concurrency`, its p50, its measured throughput ceiling. */
export function syncModel(scenarios: readonly SyncScenario[], usage: Record<string, Usage>, concurrency: number): SyncModel | undefined {
  const s = scenarios.find((x) => x.name.startsWith('warm') && x.concurrency === concurrency && x.rowsPerRequest === 1);
  const breakdown = s && syncBreakdown(s, usage);
  if (!s || !breakdown) return undefined;
  return { latencyMs: s.summary.p50, rowsPerRequest: 1, concurrency, maxRps: s.summary.rps, usdPerRequest: breakdown.totalUsd };
}

/** The crossover needs two metered batch sizes at least (a line through the measured jobs). */
export function crossoverOf(sync: SyncModel | undefined, runs: readonly BatchRun[]): BenchResults['crossover'] {
  const metered = runs.flatMap((r) => (r.cost ? [{ rows: r.rows, endToEndMs: r.decomposition.endToEndMs, usd: r.cost.totalUsd }] : []));
  if (!sync || metered.length < 2) return undefined;
  const batch = batchModelFromJobs(metered);
  return { ...crossover(sync, batch), sync, batch };
}
