import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PRICES, batchModelFromJobs, crossover, scaleUsage, syncAt, usageBetween, usageCost } from '../../../bench/lib/cost.ts';
import { emptyUsage, type Usage } from '../../../local/meter/index.ts';

const close = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) <= Math.abs(expected) * 1e-9, `${actual} ≠ ${expected}`);

test('prices.json holds the us-east-1 list prices, each with its source page and the day it was read', () => {
  assert.equal(PRICES.region, 'us-east-1');
  assert.equal(PRICES.lambda.x86PerGbSecond, 0.0000166667);
  assert.equal(PRICES.lambda.per1MRequests, 0.2);
  assert.equal(PRICES.apiGateway.restPer1MRequests, 3.5);
  assert.equal(PRICES.stepFunctions.standardPer1000Transitions, 0.025);
  assert.equal(PRICES.stepFunctions.expressPer1MRequests, 1);
  assert.equal(PRICES.stepFunctions.expressPerGbSecond, 0.00001667);
  assert.equal(PRICES.s3.putCopyPostListPer1000, 0.005);
  assert.equal(PRICES.s3.getSelectPer1000, 0.0004);
  assert.equal(PRICES.dynamodb.onDemandPer1MWriteRequestUnits, 0.625);
  assert.equal(PRICES.dynamodb.onDemandPer1MReadRequestUnits, 0.125);
  assert.equal(PRICES.cloudWatchLogs.standardIngestionPerGb, 0.5);
  for (const section of [PRICES.lambda, PRICES.apiGateway, PRICES.stepFunctions, PRICES.s3, PRICES.dynamodb, PRICES.cloudWatchLogs]) {
    assert.match(section.source, /^https:\/\/aws\.amazon\.com\//);
    assert.match(section.read, /^\d{4}-\d{2}-\d{2}$/);
  }
});

function jobUsage(): Usage {
  const usage = emptyUsage();
  usage.lambda = { requests: 5, coldStarts: 0, billedMs: 20_000, gbSeconds: 40, modelledGbSeconds: 50 };
  usage.stepFunctions = { standardTransitions: 6, expressRequests: 2, expressBilledMs: 16_000, expressGbSeconds: 1 };
  usage.s3 = { putCopyPostList: 25, getSelectOther: 6, free: 2, bytesIn: 0, bytesOut: 0, bytesStored: 0 };
  usage.dynamodb = { requests: 17, readRequestUnits: 3, writeRequestUnits: 14 };
  usage.logs = { bytes: 1e6 };
  return usage;
}

test('a job’s cost is each metered unit times its price, item by item', () => {
  // act
  const job = usageCost(jobUsage(), 1_000_000);
  // assert
  const byService = Object.fromEntries(job.items.map((i) => [i.service, i]));
  close(byService['Lambda requests']!.usd, 5 * 0.2e-6);
  close(byService['Lambda compute (billed)']!.usd, 40 * 0.0000166667);
  close(byService['Step Functions Standard']!.usd, 6 * 0.000025);
  close(byService['Step Functions Express requests']!.usd, 2e-6);
  close(byService['Step Functions Express duration']!.usd, 0.00001667);
  close(byService['S3 PUT/COPY/POST/LIST']!.usd, 25 * 0.000005);
  close(byService['S3 GET/SELECT/other']!.usd, 6 * 0.0000004);
  close(byService['DynamoDB on-demand writes']!.usd, 14 * 0.625e-6);
  close(byService['DynamoDB on-demand reads']!.usd, 3 * 0.125e-6);
  close(byService['CloudWatch Logs ingestion']!.usd, 0.001 * 0.5);
  assert.equal(byService['API Gateway REST'], undefined); // no units, no line
  close(job.usdPer1MPredictions, job.totalUsd);
  close(usageCost(jobUsage(), 1_000_000, { compute: 'modelled' }).items[1]!.usd, 50 * 0.0000166667);
});

test('a sync request’s share of a window: the units between two readings, divided by the API requests', () => {
  const before = jobUsage();
  const after = jobUsage();
  after.apiGateway.requests = 10;
  after.lambda.requests += 10;
  after.lambda.gbSeconds += 0.1;
  after.logs.bytes += 3000;
  // act
  const one = scaleUsage(usageBetween(after, before), 1 / 10);
  const cost = usageCost(one, 1);
  // assert: $3.50/1M + $0.20/1M + 0.01 GB-s + 300 bytes of logs
  close(one.lambda.requests, 1);
  close(cost.totalUsd, 3.5e-6 + 0.2e-6 + 0.01 * 0.0000166667 + 300e-9 * 0.5);
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
