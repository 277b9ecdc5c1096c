import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  batchLatencyVsRowsSvg,
  coldStartHistogramSvg,
  decompositionSvg,
  latencyOverTimeSvg,
  warmHistogramSvg,
} from '../../../bench/lib/charts.ts';
import { renderCharts } from '../../../bench/lib/render-charts.ts';

function assertSvg(svg: string): void {
  assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(svg, /<\/svg>$/);
}

test('latency over time draws one line per series with a legend', async () => {
  // act
  const svg = await latencyOverTimeSvg([
    { t: 0, count: 5, errors: 0, p50: 2400, p95: 2500, max: 2600 },
    { t: 1, count: 9, errors: 0, p50: 300, p95: 340, max: 400 },
    { t: 2, count: 9, errors: 0, p50: 290, p95: 330, max: Number.NaN },
  ]);
  // assert
  assertSvg(svg);
  assert.equal((svg.match(/aria-roledescription="line mark"/g) ?? []).length, 3);
  assert.equal((svg.match(/aria-roledescription="point"/g) ?? []).length, 3 + 3 + 2);
  for (const label of ['p50', 'p95', 'max', 'seconds since first request']) assert.ok(svg.includes(`>${label}<`), label);
});

test('the cold and warm histograms draw bars with their titles', async () => {
  // act
  const cold = await coldStartHistogramSvg([2400, 2500, 2550, 2600, 3100]);
  const warm = await warmHistogramSvg([290, 300, 300, 310, 320, 350]);
  // assert
  assertSvg(cold);
  assertSvg(warm);
  assert.ok(cold.includes('Response times of cold-start requests'));
  assert.ok(warm.includes('Response times of warm requests'));
  assert.ok((cold.match(/aria-roledescription="bar"/g) ?? []).length >= 2);
});

test('batch latency vs rows uses a log x axis and the decomposition stacks one rect per segment', async () => {
  // act
  const rows = await batchLatencyVsRowsSvg([
    { rows: 150, endToEndMs: 1800 },
    { rows: 100_000, endToEndMs: 2500 },
    { rows: 10_000_000, endToEndMs: 30_000 },
  ]);
  const stacked = await decompositionSvg([
    {
      job: 'small',
      segments: [
        { name: 'ingest', kind: 'task', ms: 50 },
        { name: 'plan', kind: 'task', ms: 30 },
      ],
    },
    {
      job: 'large',
      segments: [
        { name: 'ingest', kind: 'task', ms: 60 },
        { name: 'plan', kind: 'task', ms: 90 },
      ],
    },
  ]);
  // assert
  assertSvg(rows);
  assert.ok(rows.includes('rows in the CSV (log)'));
  assert.equal((rows.match(/aria-roledescription="point"/g) ?? []).length, 3);
  assertSvg(stacked);
  assert.equal((stacked.match(/aria-roledescription="bar"/g) ?? []).length, 4);
  assert.ok(stacked.includes('>small<') && stacked.includes('>large<'));
});

test('renderCharts renders only the charts whose data is present', async () => {
  const charts = await renderCharts({ coldLatenciesMs: [2500], warmLatenciesMs: [] });
  assert.deepEqual(Object.keys(charts), ['coldHistogram']);
});
