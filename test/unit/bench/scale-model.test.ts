import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_ASSUMPTIONS,
  DEFAULT_SCORE_RATE,
  DISTRIBUTED_MAP_PLANNED,
  INLINE_MAP_TODAY,
  S3_MAX_COPY_PART_BYTES,
  chunking,
  effectiveInFlight,
  largestInput,
  largestWorking,
  scaleRow,
  scaleTable,
  scoreRateFromResults,
} from '../../../bench/lib/scale-model.ts';
import type { ScoreRate, WorkflowParams } from '../../../bench/lib/scale-model-types.ts';
import type { BatchDecomposition, BatchJobResult } from '../../../bench/lib/types.ts';

const MiB = 2 ** 20;

/** At 1769 MB one invocation gets the whole measured rate: the arithmetic below needs no CPU share. */
const FULL_VCPU: WorkflowParams = { ...INLINE_MAP_TODAY, memoryMb: DEFAULT_ASSUMPTIONS.fullVcpuMemoryMb };

/** 1 MB/s per chunk, 1 s of job overhead, three 100 ms other invocations, 10 bytes per row. */
const RATE: ScoreRate = {
  bytesPerSecond: 1e6,
  bytesPerRow: 10,
  overheadMs: 1000,
  otherInvocationsMs: [100, 100, 100],
  source: 'test',
  measured: true,
};

const inputs = (params: WorkflowParams, rate: ScoreRate = RATE) => ({ params, rate, assumptions: DEFAULT_ASSUMPTIONS });

test('today the defaults are an inline Map of 8 at once (Lambda reservation 50, AWS cap 40), 500 chunks, 300 s', () => {
  // prepare / act
  const inFlight = effectiveInFlight(INLINE_MAP_TODAY);

  // assert
  assert.equal(inFlight, 8);
  assert.equal(INLINE_MAP_TODAY.maxChunks, 500);
  assert.equal(INLINE_MAP_TODAY.functionTimeoutSeconds, 300);
  assert.equal(INLINE_MAP_TODAY.planTimeoutSeconds, 60);
  assert.equal(effectiveInFlight(DISTRIBUTED_MAP_PLANNED), 1000);
});

test('chunks multiply at the 32 MiB target up to the 500 cap, then grow: 10 GB is 299 × 32 MiB, 100 GB 500 × 200 MB', () => {
  // act
  const tenGb = chunking(1e10, INLINE_MAP_TODAY);
  const hundredGb = chunking(1e11, INLINE_MAP_TODAY);
  const oneTb = chunking(1e12, INLINE_MAP_TODAY);

  // assert: ceil(1e10 / 33,554,432) = 299; 1e11 / 500 = 2e8 > 32 MiB
  assert.deepEqual(tenGb, { chunkBytes: 32 * MiB, chunks: 299 });
  assert.deepEqual(hundredGb, { chunkBytes: 2e8, chunks: 500 });
  assert.deepEqual(oneTb, { chunkBytes: 2e9, chunks: 500 });
});

test('a file the parallel chunks could take at once is spread over as many chunks as run at once', () => {
  // act: 100 MB < 8 × 32 MiB → 8 chunks of 12.5 MB
  const spread = chunking(1e8, INLINE_MAP_TODAY);

  // assert
  assert.deepEqual(spread, { chunkBytes: 12_500_000, chunks: 8 });
});

test('a chunk longer than the function timeout does not work: 1 GB at 1 MB/s is 1000 s > 300 s', () => {
  // act
  const fits = scaleRow(1e11, inputs(FULL_VCPU));
  const overflows = scaleRow(5e11, inputs(FULL_VCPU));

  // assert: 2e8 B / 1e6 B/s = 200 s ≤ 300 s
  assert.equal(fits.chunkSeconds, 200);
  assert.equal(fits.works, true);
  assert.deepEqual(fits.bounds, []);
  assert.equal(overflows.chunkSeconds, 1000);
  assert.equal(overflows.works, false);
  assert.deepEqual(overflows.bounds, ['function timeout']);
});

test('below 1769 MB an invocation gets its memory share of a vCPU: 1024 MB scores 1024/1769 of the rate', () => {
  // act
  const row = scaleRow(1e11, inputs(INLINE_MAP_TODAY));

  // assert
  assert.ok(Math.abs(row.chunkSeconds - (2e8 / 1e6) * (1769 / 1024)) < 1e-9);
});

test('wall time counts waves of at most 40 chunks whatever MaxConcurrency says: 500 chunks → 13 waves', () => {
  // prepare: MaxConcurrency 100, a Lambda reservation above it; the inline Map still runs 40
  const params: WorkflowParams = { ...FULL_VCPU, mapConcurrency: 100, lambdaConcurrency: 1000 };

  // act
  const row = scaleRow(1e11, inputs(params));

  // assert: ceil(500 / 40) = 13 waves of 200 s, + 1 s overhead
  assert.equal(row.concurrency, 40);
  assert.equal(row.waves, 13);
  assert.equal(row.wallSeconds, 1 + 13 * 200);
});

test('a job of 30 chunks costs Lambda GB-s + requests, 33 transitions and 4·30+7 PUT + 32 GET requests', () => {
  // prepare: 1 GB at 1769 MB → 30 chunks of 32 MiB, 33.554432 s each (billed 33,555 ms), + 3 × 100 ms
  const row = scaleRow(1e9, inputs(FULL_VCPU));

  // act
  const c = row.cost;

  // assert
  assert.equal(row.chunks, 30);
  const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} ≠ ${b}`);
  close(c.lambdaComputeUsd, ((30 * 33_555 + 300) / 1000) * (1769 / 1024) * 0.0000166667);
  close(c.lambdaRequestsUsd, (33 * 0.2) / 1e6);
  close(c.stepFunctionsUsd, (33 * 0.025) / 1000);
  close(c.s3Usd, (127 * 0.005) / 1000 + (32 * 0.0004) / 1000);
  close(c.dynamodbUsd, ((3 + 33) * 0.625) / 1e6);
  close(c.totalUsd, c.lambdaComputeUsd + c.lambdaRequestsUsd + c.stepFunctionsUsd + c.s3Usd + c.dynamodbUsd);
  close(c.usdPer1MPredictions, (c.totalUsd / 1e8) * 1e6);
});

test('Express children replace the per-chunk transitions: per request + 64 MB × duration rounded up to 100 ms', () => {
  // prepare: 10 GB spread over the 1,000 chunks running at once: 10 MB each, 10 s at 1 MB/s
  const row = scaleRow(1e10, inputs({ ...DISTRIBUTED_MAP_PLANNED, memoryMb: DEFAULT_ASSUMPTIONS.fullVcpuMemoryMb }));

  // act
  const c = row.cost;

  // assert: 3 Standard transitions + 1,000 × ($1/1M + 10 s × 64/1024 GB × $0.00001667)
  assert.equal(row.chunks, 1000);
  assert.equal(row.chunkSeconds, 10);
  const expected = (3 * 0.025) / 1000 + 1000 * (1 / 1e6 + 10 * (64 / 1024) * 0.00001667);
  assert.ok(Math.abs(c.stepFunctionsUsd - expected) < 1e-12, `${c.stepFunctionsUsd} ≠ ${expected}`);
});

test('an Express child ends at 5 minutes even when the function timeout is longer', () => {
  // prepare: a 900 s function timeout; 10,000 chunks of 400 MB at 1 MB/s = 400 s each
  const params: WorkflowParams = {
    ...DISTRIBUTED_MAP_PLANNED,
    memoryMb: DEFAULT_ASSUMPTIONS.fullVcpuMemoryMb,
    functionTimeoutSeconds: 900,
  };

  // act
  const row = scaleRow(4e12, inputs(params));

  // assert
  assert.equal(row.chunkSeconds, 400);
  assert.deepEqual(row.bounds, ['Express child duration (≤ 5 min)']);
});

test('largestWorking finds the last working size to within 1 MB', () => {
  // act
  const largest = largestWorking((n) => n <= 123_456_789_000);

  // assert
  assert.ok(largest <= 123_456_789_000 && largest > 123_456_789_000 - 1e6, String(largest));
});

test('the largest input today is 500 chunks at the timeout: 500 × 300 s × 1 MB/s = 150 GB; exact cuts: 60 s × 100 MB/s', () => {
  // act
  const largest = largestInput(inputs(FULL_VCPU));

  // assert
  assert.ok(largest.inputBytes <= 1.5e11 && largest.inputBytes > 1.5e11 - 1e6, String(largest.inputBytes));
  assert.deepEqual(largest.boundedBy, ['function timeout']);
  assert.ok(largest.exactPlanInputBytes <= 6e9 && largest.exactPlanInputBytes > 6e9 - 1e6, String(largest.exactPlanInputBytes));
});

test('with a fast enough chunk the bound is the 5 GiB UploadPartCopy of a chunk scored to 3× its size', () => {
  // prepare: 100 MB/s → the timeout allows 30 GB chunks; a 5 GiB part allows 5 GiB / 3 of input
  const fast = { ...RATE, bytesPerSecond: 1e8 };

  // act
  const largest = largestInput(inputs(FULL_VCPU, fast));

  // assert
  const limit = (500 * S3_MAX_COPY_PART_BYTES) / 3;
  assert.ok(largest.inputBytes <= limit && largest.inputBytes > limit - 1e6, String(largest.inputBytes));
  assert.deepEqual(largest.boundedBy, ['S3 part size (UploadPartCopy ≤ 5 GiB)']);
});

test('the table computes one row per size and the Distributed Map goes further than the inline Map', () => {
  // act
  const today = scaleTable(INLINE_MAP_TODAY, DEFAULT_SCORE_RATE);
  const planned = scaleTable(DISTRIBUTED_MAP_PLANNED, DEFAULT_SCORE_RATE);

  // assert
  assert.deepEqual(
    today.rows.map((r) => r.inputBytes),
    [1e9, 1e10, 1e11, 1e12],
  );
  assert.deepEqual(
    today.rows.map((r) => r.works),
    [true, true, true, false],
  );
  assert.equal(planned.rows[3].works, true);
  assert.ok(planned.largest.inputBytes > today.largest.inputBytes);
  assert.ok(planned.rows[2].wallSeconds < today.rows[2].wallSeconds);
});

function job(name: string, rows: number, bytes: number, chunks: number, medianMs: number): BatchJobResult {
  const decomposition = {
    chunks,
    score: { count: chunks, min: medianMs, median: medianMs, max: medianMs },
    endToEndMs: medianMs + 200,
    scoringWallMs: medianMs,
    ingestMs: 10,
    planMs: 20,
    finalizeMs: 30,
  } as BatchDecomposition;
  return { name, rows, bytes, decomposition };
}

test('the rate is the largest measured job whose chunks are at least one S3 part, else the documented default', () => {
  // prepare
  const small = job('10k', 10_000, 160_000, 1, 60);
  const large = job('1M', 1_000_000, 16_000_000, 2, 800);

  // act
  const measured = scoreRateFromResults([small, large]);
  const fallback = scoreRateFromResults([small]);

  // assert: 8 MB per chunk in 0.8 s
  assert.equal(measured.bytesPerSecond, 1e7);
  assert.equal(measured.bytesPerRow, 16);
  assert.equal(measured.overheadMs, 200);
  assert.deepEqual(measured.otherInvocationsMs, [10, 20, 30]);
  assert.equal(measured.measured, true);
  assert.match(measured.source, /1M/);
  assert.equal(fallback, DEFAULT_SCORE_RATE);
});
