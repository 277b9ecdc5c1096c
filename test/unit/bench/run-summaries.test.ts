import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coldWaveRows, gapRows } from '../../../bench/scenarios/cold-starts.ts';
import type { GapSample } from '../../../bench/scenarios/cold-starts.ts';
import { crossoverOf, perRequestUsage, syncCostLines, syncModel } from '../../../bench/cost-summary.ts';
import { emptyUsage, type Usage } from '../../../local/meter/index.ts';
import { keyFigures } from '../../../bench/key-figures.ts';
import type { BatchRun } from '../../../bench/scenarios/batch.ts';
import type { LatencySummary, SyncScenario } from '../../../bench/lib/index.ts';

const gap = (gapS: number, ms: number, cold: boolean, initDurationMs?: number): GapSample => ({
  startMs: 0,
  ms,
  ok: true,
  gapS,
  cold,
  initDurationMs,
});

test('gap rows: one per gap, fresh-instance count, Init Duration median, cold only when every run was', () => {
  const rows = gapRows(
    [gap(0, 5, false), gap(4, 600, true, 450), gap(0, 7, false), gap(4, 640, true, 470), gap(2.5, 9, false), gap(2.5, 500, true, 400)],
    true,
  );

  assert.deepEqual(
    rows.map((r) => [r.scenario, r.runs, r.medianMs, r.cold]),
    [
      ['request after 0 s idle', 2, 6, false],
      ['request after 4 s idle', 2, 620, true],
      ['request after 2.5 s idle', 2, 254.5, undefined],
    ],
  );
  assert.equal(rows[1].note, '2/2 on a fresh instance; Init Duration median 460.0 ms');
  assert.equal(rows[1].idleMinutes, undefined, 'scaled gaps are named in seconds');
  assert.equal(gapRows([gap(360, 900, false)], false)[0].idleMinutes, 6, 'the reference whole-minute gaps in minutes');
});

test('gap rows without REPORT lines say so and leave cold unknown', () => {
  const [row] = gapRows([gap(360, 900, false)], false);

  assert.equal(row.cold, undefined);
  assert.equal(row.note, 'no REPORT lines on this target');
});

test('the cold wave gives a round-trip row and an Init Duration row', () => {
  const rows = coldWaveRows(
    'cold wave',
    [
      { startMs: 0, ms: 1600, ok: true },
      { startMs: 0, ms: 1400, ok: true },
      { startMs: 0, ms: 9, ok: false },
    ],
    [1300, 1500],
    true,
  );

  assert.deepEqual(
    rows.map((r) => [r.scenario, r.runs, r.medianMs, r.minMs, r.maxMs]),
    [
      ['cold wave', 2, 1500, 1400, 1600],
      ['Init Duration (REPORT lines of the cold wave)', 2, 1400, 1300, 1500],
    ],
  );
});

function summary(p50: number, rps: number): LatencySummary {
  return { count: 100, errors: 0, min: p50, mean: p50, p50, p95: p50, p99: p50, max: p50, elapsedS: 1, rps };
}

const SCENARIOS: SyncScenario[] = [
  { name: 'cold: first 10', concurrency: 10, rowsPerRequest: 1, summary: summary(1500, 5) },
  { name: 'warm c=1', concurrency: 1, rowsPerRequest: 1, summary: summary(2, 500) },
  { name: 'warm c=32', concurrency: 32, rowsPerRequest: 1, summary: summary(10, 3000) },
  { name: 'warm c=1, 100 rows/request', concurrency: 1, rowsPerRequest: 100, summary: summary(3, 300) },
];

/** A scenario window's metered units: `requests` API requests, each invocation billed `billedMs`. */
function window(requests: number, billedMs: number): Usage {
  const usage = emptyUsage();
  usage.apiGateway.requests = requests;
  usage.lambda = { requests, coldStarts: 0, billedMs: requests * billedMs, gbSeconds: (requests * billedMs) / 1000, modelledGbSeconds: 0 };
  return usage;
}

test('a sync request’s units are its window’s divided by the API requests in it; none without requests', () => {
  assert.equal(perRequestUsage(window(500, 1))!.lambda.billedMs, 1);
  assert.equal(perRequestUsage(emptyUsage()), undefined);
  assert.equal(perRequestUsage(undefined), undefined);
});

test('sync cost lines: the warm concurrency-1 runs, per payload size; more rows per request costs less per prediction', () => {
  const lines = syncCostLines(SCENARIOS, { 'warm c=1': window(500, 1), 'warm c=1, 100 rows/request': window(300, 2) }, 1024);

  assert.equal(lines.length, 2);
  assert.match(lines[0]!.label, /^sync, 1 row\(s\)\/request, 1\.0 ms billed \(metered\), 1024 MB/);
  assert.equal(lines[1]!.breakdown.rows, 100);
  assert.ok(lines[1]!.breakdown.usdPer1MPredictions < lines[0]!.breakdown.usdPer1MPredictions / 50);
  assert.deepEqual(syncCostLines(SCENARIOS, {}, 1024), []); // no meter, no cost
});

test('crossover: sync modelled at the asked concurrency, batch fitted through the metered jobs; none with fewer than two', () => {
  const model = syncModel(SCENARIOS, { 'warm c=32': window(3000, 1) }, 32)!;
  const job = (rows: number, endToEndMs: number, usd: number | undefined) =>
    ({ rows, decomposition: { endToEndMs }, cost: usd === undefined ? undefined : { totalUsd: usd } }) as unknown as BatchRun;

  const result = crossoverOf(model, [job(1, 300, 0.0001), job(10_000, 800, 0.0002)]);

  assert.deepEqual([model.latencyMs, model.concurrency, model.maxRps], [10, 32, 3000]);
  assert.ok(result && result.costRows !== null && result.latencyRows !== null);
  assert.equal(crossoverOf(model, [job(1, 300, 0.0001), job(10_000, 800, undefined)]), undefined);
  assert.equal(syncModel(SCENARIOS, {}, 64), undefined);
});

test('key figures print one line per sync scenario and the crossover', () => {
  const lines = keyFigures({ startedAt: 'x', sync: SCENARIOS.slice(1, 2) });

  assert.deepEqual(lines, ['sync warm c=1: p50 2.0 ms, p95 2.0 ms, 500 req/s, 0 errors']);
});
