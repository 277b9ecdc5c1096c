import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bucketize, percentile, splitColdWarm, summarize } from '../../../bench/lib/percentiles.ts';
import type { Sample } from '../../../bench/lib/types.ts';

const oneToTen = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

test('nearest-rank percentiles are observed values: sorted[ceil(p/100·n) − 1]', () => {
  assert.equal(percentile(oneToTen, 50), 5);
  assert.equal(percentile(oneToTen, 90), 9);
  assert.equal(percentile(oneToTen, 95), 10);
  assert.equal(percentile(oneToTen, 0), 1);
  assert.equal(percentile(oneToTen, 100), 10);
  assert.equal(
    percentile(
      Array.from({ length: 100 }, (_, i) => i + 1),
      99,
    ),
    99,
  );
});

test('linear percentiles interpolate at (n − 1)·p/100 like numpy', () => {
  assert.equal(percentile(oneToTen, 50, 'linear'), 5.5);
  assert.ok(Math.abs(percentile(oneToTen, 95, 'linear') - 9.55) < 1e-12);
  assert.equal(percentile([7], 99, 'linear'), 7);
  assert.ok(Number.isNaN(percentile([], 50)));
});

test('summarize: percentiles over successful requests, errors counted, req/s over the wall clock', () => {
  // prepare: 10 ok requests of 1..10 ms started every 100 ms, and two fast failures
  const samples: Sample[] = oneToTen.map((ms, i) => ({ startMs: 1000 + i * 100, ms, ok: true }));
  samples.push({ startMs: 1500, ms: 0.5, ok: false }, { startMs: 1600, ms: 0.5, ok: false });
  // act
  const summary = summarize(samples);
  // assert: wall clock = 1000 → 1900 + 10 ms
  assert.equal(summary.count, 12);
  assert.equal(summary.errors, 2);
  assert.equal(summary.min, 1);
  assert.equal(summary.p50, 5);
  assert.equal(summary.p95, 10);
  assert.equal(summary.max, 10);
  assert.equal(summary.mean, 5.5);
  assert.equal(summary.elapsedS, 0.91);
  assert.equal(summary.rps, 12 / 0.91);
  assert.equal(summarize(samples, { elapsedS: 2 }).rps, 6);
});

test('bucketize gives p50/p95/max per time bucket from the first request', () => {
  // prepare
  const samples: Sample[] = [
    { startMs: 5000, ms: 2500, ok: true },
    { startMs: 5200, ms: 2400, ok: true },
    { startMs: 6100, ms: 300, ok: true },
    { startMs: 6300, ms: 320, ok: true },
    { startMs: 6400, ms: 1, ok: false },
    { startMs: 8000, ms: 310, ok: true },
  ];
  // act
  const buckets = bucketize(samples, 1000);
  // assert
  assert.deepEqual(
    buckets.map((b) => b.t),
    [0, 1, 3],
  );
  assert.deepEqual(buckets[0], { t: 0, count: 2, errors: 0, p50: 2400, p95: 2500, max: 2500 });
  assert.deepEqual(buckets[1], { t: 1, count: 3, errors: 1, p50: 300, p95: 320, max: 320 });
});

test('splitColdWarm uses the runner flag, else the window after the first request', () => {
  // prepare
  const samples: Sample[] = [
    { startMs: 0, ms: 2500, ok: true },
    { startMs: 1000, ms: 2400, ok: true },
    { startMs: 5000, ms: 300, ok: true },
    { startMs: 9000, ms: 2000, ok: true, cold: true },
    { startMs: 100, ms: 50, ok: true, cold: false },
  ];
  // act
  const { cold, warm } = splitColdWarm(samples, 4000);
  // assert
  assert.deepEqual(
    cold.map((s) => s.ms),
    [2500, 2400, 2000],
  );
  assert.deepEqual(
    warm.map((s) => s.ms),
    [300, 50],
  );
});
