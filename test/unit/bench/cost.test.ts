import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PRICES,
  batchCost,
  batchModelFromJobs,
  crossover,
  lambdaGbSeconds,
  s3RequestsForJob,
  stateTransitions,
  syncAt,
  syncCost,
} from '../../../bench/lib/cost.ts';

const close = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) <= Math.abs(expected) * 1e-9, `${actual} ≠ ${expected}`);

test('prices.json holds the us-east-1 list prices with their sources', () => {
  assert.equal(PRICES.region, 'us-east-1');
  assert.equal(PRICES.lambda.x86PerGbSecond, 0.0000166667);
  assert.equal(PRICES.lambda.per1MRequests, 0.2);
  assert.equal(PRICES.apiGateway.restPer1MRequests, 3.5);
  assert.equal(PRICES.stepFunctions.standardPer1000Transitions, 0.025);
  assert.equal(PRICES.s3.putCopyPostListPer1000, 0.005);
  assert.equal(PRICES.s3.getSelectPer1000, 0.0004);
  assert.equal(PRICES.dynamodb.onDemandPer1MWriteRequestUnits, 0.625);
  assert.match(PRICES.lambda.source, /^https:\/\/aws\.amazon\.com\//);
});

test('Lambda GB-seconds round the duration up to the next ms', () => {
  assert.equal(lambdaGbSeconds(9.2, 1024), 0.01);
  assert.equal(lambdaGbSeconds(1000, 512), 0.5);
});

test('one sync request: $0.20/1M + 10 ms × 1 GB × $0.0000166667 + REST $3.50/1M', () => {
  // act
  const one = syncCost({ durationMs: 9.2, memoryMb: 1024, rowsPerRequest: 1 });
  const ten = syncCost({ durationMs: 9.2, memoryMb: 1024, rowsPerRequest: 10 });
  const http = syncCost({ durationMs: 9.2, memoryMb: 1024, rowsPerRequest: 1, api: 'http' });
  // assert: 2e-7 + 1.66667e-7 + 3.5e-6
  close(one.totalUsd, 3.866667e-6);
  close(one.usdPer1MPredictions, 3.866667);
  close(ten.usdPer1MPredictions, 0.3866667);
  close(http.totalUsd, 2e-7 + 1.66667e-7 + 1e-6);
});

test('workflow transitions and S3 / DynamoDB request counts follow the batch workflow shape', () => {
  assert.equal(stateTransitions(4), 7);
  assert.equal(stateTransitions(4, { fixedTransitions: 5, transitionsPerChunk: 2 }, 1), 14);
  assert.deepEqual(s3RequestsForJob(4), { puts: 23, gets: 6 });
});

test('one batch job of 1M rows in 4 chunks at 2048 MB, priced item by item', () => {
  // act
  const job = batchCost({ rows: 1_000_000, chunks: 4, memoryMb: 2048, lambdaDurationsMs: [100, 200, 5000, 5000, 5000, 5000, 800] });
  // assert
  const byService = Object.fromEntries(job.items.map((i) => [i.service, i]));
  assert.equal(byService['Step Functions Standard'].quantity, 7);
  close(byService['Step Functions Standard'].usd, 0.000175);
  close(byService['Lambda requests'].usd, 1.4e-6);
  close(byService['Lambda compute'].quantity, 42.2);
  close(byService['Lambda compute'].usd, 42.2 * 0.0000166667);
  close(byService['S3 PUT/COPY/POST/LIST'].usd, 0.000115);
  close(byService['S3 GET'].usd, 2.4e-6);
  close(byService['DynamoDB on-demand writes'].usd, 6.25e-6);
  close(job.totalUsd, 0.000175 + 1.4e-6 + 42.2 * 0.0000166667 + 0.000115 + 2.4e-6 + 6.25e-6);
  close(job.usdPer1MPredictions, job.totalUsd);
});

test('batchModelFromJobs fits fixed + per-row time and cost', () => {
  const model = batchModelFromJobs([
    { rows: 1000, endToEndMs: 2010, usd: 0.000101 },
    { rows: 100_000, endToEndMs: 3000, usd: 0.0002 },
  ]);
  close(model.msPerRow, 0.01);
  close(model.fixedMs, 2000);
  close(model.usdPerRow, 1e-9);
  close(model.fixedUsd, 0.0001);
});

test('crossover: batch is cheaper from 26 rows and faster from 2,021 rows (hand-computed)', () => {
  // prepare: sync 10 ms/request, 10 clients, $4e-6/request; batch 2 s + 0.01 ms/row, $1e-4 + $1e-9/row
  const sync = { latencyMs: 10, rowsPerRequest: 1, concurrency: 10, usdPerRequest: 4e-6 };
  const batch = { fixedMs: 2000, msPerRow: 0.01, fixedUsd: 0.0001, usdPerRow: 1e-9 };
  // act
  const result = crossover(sync, batch, { rowsGrid: [10, 10_000] });
  // assert: cost 4e-6·n > 1e-4 + 1e-9·n ⇔ n > 25.006; time ceil(n/10)·10 > 2000 + 0.01·n first at n = 2021
  assert.equal(result.costRows, 26);
  assert.equal(result.latencyRows, 2021);
  assert.deepEqual(result.table[1], {
    rows: 10_000,
    syncRequests: 10_000,
    syncMs: 10_000,
    syncUsd: 0.04,
    batchMs: 2100,
    batchUsd: 0.00011,
  });
  assert.equal(crossover(sync, { ...batch, usdPerRow: 1e-5 }, { maxRows: 1e6 }).costRows, null);
});

test('the sync time is capped by the measured throughput', () => {
  assert.equal(syncAt(1000, { latencyMs: 10, rowsPerRequest: 1, concurrency: 100, maxRps: 500, usdPerRequest: 0 }).ms, 2000);
  assert.equal(syncAt(1000, { latencyMs: 10, rowsPerRequest: 10, concurrency: 100, usdPerRequest: 0 }).requests, 100);
});
