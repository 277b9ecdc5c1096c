/**
 * Cost per 1M predictions (sync at each payload size, batch per job) and the sync-vs-batch crossover, from the
 * measured figures. Sync is billed on the handler Duration of the REPORT lines when the target shows them;
 * otherwise on the client round trip (an upper bound).
 */
import { batchModelFromJobs, crossover, syncCost } from './lib/index.ts';
import type { BenchResults, CostLine, SyncModel, SyncScenario } from './lib/index.ts';
import type { BatchRun } from './scenarios/batch.ts';

export function billedMs(scenario: SyncScenario, handlerMs: Record<string, number>): { ms: number; source: 'REPORT' | 'round trip' } {
  const fromReports = handlerMs[scenario.name];
  return fromReports === undefined ? { ms: scenario.summary.p50, source: 'round trip' } : { ms: fromReports, source: 'REPORT' };
}

/** One line per payload size, from the concurrency-1 warm runs. */
export function syncCostLines(scenarios: readonly SyncScenario[], handlerMs: Record<string, number>, memoryMb: number): CostLine[] {
  return scenarios
    .filter((s) => s.concurrency === 1 && s.name.startsWith('warm'))
    .map((s) => {
      const billed = billedMs(s, handlerMs);
      return {
        label: `sync, ${s.rowsPerRequest} row(s)/request, ${billed.ms.toFixed(1)} ms (${billed.source}), ${memoryMb} MB, REST API`,
        breakdown: syncCost({ durationMs: billed.ms, memoryMb, rowsPerRequest: s.rowsPerRequest }),
      };
    });
}

export function batchCostLines(runs: readonly BatchRun[], memoryMb: number): CostLine[] {
  return runs.map((r) => ({ label: `batch, ${r.name}, ${r.decomposition.chunks} chunk(s), ${memoryMb} MB`, breakdown: r.cost }));
}

/** Sync side of the crossover: one row per request at `concurrency`, its p50, its measured throughput ceiling. */
export function syncModel(
  scenarios: readonly SyncScenario[],
  handlerMs: Record<string, number>,
  memoryMb: number,
  concurrency: number,
): SyncModel | undefined {
  const s = scenarios.find((x) => x.name.startsWith('warm') && x.concurrency === concurrency && x.rowsPerRequest === 1);
  if (!s) return undefined;
  const usdPerRequest = syncCost({ durationMs: billedMs(s, handlerMs).ms, memoryMb, rowsPerRequest: 1 }).totalUsd;
  return { latencyMs: s.summary.p50, rowsPerRequest: 1, concurrency, maxRps: s.summary.rps, usdPerRequest };
}

/** The crossover needs two batch sizes at least (a line through the measured jobs). */
export function crossoverOf(sync: SyncModel | undefined, runs: readonly BatchRun[]): BenchResults['crossover'] {
  if (!sync || runs.length < 2) return undefined;
  const batch = batchModelFromJobs(runs.map((r) => ({ rows: r.rows, endToEndMs: r.decomposition.endToEndMs, usd: r.cost.totalUsd })));
  return { ...crossover(sync, batch), sync, batch };
}
