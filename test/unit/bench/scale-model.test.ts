import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_PART_BYTES, MAX_PARTS, STREAM_PART_BYTES } from '../../../functions/lib/s3/limits.ts';
import { StackConfigError } from '../../../infra/config.ts';
import {
  AWS_SIZED_CONTEXT,
  DISTRIBUTED_MAP_DEFAULTS,
  DISTRIBUTED_MAP_SIZED_FOR_AWS,
  FORMER_INLINE_MAP,
  distributedMapParams,
} from '../../../bench/lib/scale-designs.ts';
import {
  DEFAULT_ASSUMPTIONS,
  DEFAULT_SCORE_RATE,
  chunking,
  effectiveInFlight,
  largestInput,
  largestWorking,
  scaleRow,
  scaleTable,
  scoreRateFromResults,
  unitsFromJobs,
} from '../../../bench/lib/scale-model.ts';
import type { JobUnits, ScoreRate, WorkflowParams } from '../../../bench/lib/scale-model-types.ts';
import { emptyUsage } from '../../../local/meter/index.ts';
import type { BatchDecomposition, BatchJobResult } from '../../../bench/lib/types.ts';

const MiB = 2 ** 20;

/** At 1769 MB one invocation gets the whole measured rate: the arithmetic below needs no CPU share. */
const FULL_VCPU: WorkflowParams = { ...DISTRIBUTED_MAP_DEFAULTS, memoryMb: DEFAULT_ASSUMPTIONS.fullVcpuMemoryMb };

/** No timeout or execution limit: only S3's limits are left to bound a job. */
const NO_TIMEOUTS: WorkflowParams = {
  ...FULL_VCPU,
  chunkTimeoutSeconds: Number.POSITIVE_INFINITY,
  workflowTimeoutSeconds: undefined,
  iterationBilling: 'standard-transitions',
};

/** Metered units as fixed + per chunk: three other invocations of 100 ms, 7 + 4/chunk PUTs, 2 + 1/chunk GETs. */
function units(): JobUnits {
  const fixed = emptyUsage();
  fixed.lambda = { requests: 3, coldStarts: 0, billedMs: 300, gbSeconds: 0.3, modelledGbSeconds: 0.3 };
  fixed.stepFunctions.standardTransitions = 3;
  fixed.s3 = { putCopyPostList: 7, getSelectOther: 2, free: 0, bytesIn: 0, bytesOut: 0, bytesStored: 0 };
  fixed.dynamodb = { requests: 6, readRequestUnits: 0, writeRequestUnits: 6 };
  const perChunk = emptyUsage();
  perChunk.lambda = { requests: 1, coldStarts: 0, billedMs: 999, gbSeconds: 999, modelledGbSeconds: 999 }; // replaced by the model
  perChunk.stepFunctions = { standardTransitions: 1, expressRequests: 1, expressBilledMs: 999, expressGbSeconds: 999 };
  perChunk.s3 = { putCopyPostList: 4, getSelectOther: 1, free: 0, bytesIn: 0, bytesOut: 0, bytesStored: 0 };
  perChunk.dynamodb = { requests: 1, readRequestUnits: 0, writeRequestUnits: 1 };
  return { fixed, perChunk, source: 'test' };
}

/** 1 MB/s per chunk, 1 s of job overhead, 10 bytes per row. */
const RATE: ScoreRate = {
  bytesPerSecond: 1e6,
  bytesPerRow: 10,
  overheadMs: 1000,
  units: units(),
  source: 'test',
  measured: true,
};

const inputs = (params: WorkflowParams, rate: ScoreRate = RATE) => ({ params, rate, assumptions: DEFAULT_ASSUMPTIONS });

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} ≠ ${expected}`);

const within1Mb = (actual: number, limit: number) => assert.ok(actual <= limit && actual > limit - 1e6, `${actual} vs ${limit}`);

test('the stack defaults are a Distributed Map of 8 at once (reservation 50), 10,000 chunks, a 71 s chunk task timeout', () => {
  // act
  const inFlight = effectiveInFlight(DISTRIBUTED_MAP_DEFAULTS);

  // assert: (300 s Express − 14 s backoff) / 4 attempts = 71 s; the execution timeout is the stack's own
  assert.equal(inFlight, 8);
  assert.equal(DISTRIBUTED_MAP_DEFAULTS.lambdaConcurrency, 50);
  assert.equal(DISTRIBUTED_MAP_DEFAULTS.mapInFlightCap, 10_000);
  assert.equal(DISTRIBUTED_MAP_DEFAULTS.maxChunks, 10_000);
  assert.equal(DISTRIBUTED_MAP_DEFAULTS.chunkTimeoutSeconds, 71);
  assert.equal(DISTRIBUTED_MAP_DEFAULTS.functionTimeoutSeconds, 300);
  // Plan: 4 attempts of the function timeout (it may inflate a gzip input) and their backoff.
  assert.equal(DISTRIBUTED_MAP_DEFAULTS.workflowTimeoutSeconds, 4 * (300 + 30) + 3 * 1250 * 300 + 4 * 300);
  assert.equal(DISTRIBUTED_MAP_DEFAULTS.iterationBilling, 'express-children');
});

test('sized for AWS, the Map and the reservation are raised together to 800: 800 chunks at once', () => {
  // act
  const inFlight = effectiveInFlight(DISTRIBUTED_MAP_SIZED_FOR_AWS);

  // assert: 1,000 (account default) − 100 (API reservation) − 100 (kept unreserved)
  assert.deepEqual(AWS_SIZED_CONTEXT, { mapConcurrency: 800, taskReservedConcurrency: 800 });
  assert.equal(inFlight, 800);
  assert.match(DISTRIBUTED_MAP_SIZED_FOR_AWS.deploy, /-c mapConcurrency=800 -c taskReservedConcurrency=800/);
  assert.equal(DISTRIBUTED_MAP_SIZED_FOR_AWS.chunkTimeoutSeconds, 71);
});

test('a design is read through the stack config: a context the stack refuses is refused here too', () => {
  // act / assert: the stack accepts no reservation above 900 and no Map wider than the reservation
  assert.throws(() => distributedMapParams('too wide', '', { mapConcurrency: 1000, taskReservedConcurrency: 1000 }), StackConfigError);
  assert.throws(() => distributedMapParams('too wide', '', { mapConcurrency: 60 }), StackConfigError);
});

test('the former inline Map is labelled as not deployed: 40 at once, 500 chunks, the function timeout per chunk', () => {
  // assert
  assert.match(FORMER_INLINE_MAP.label, /former design, not deployed/);
  assert.equal(effectiveInFlight(FORMER_INLINE_MAP), 40);
  assert.equal(FORMER_INLINE_MAP.maxChunks, 500);
  assert.equal(FORMER_INLINE_MAP.chunkTimeoutSeconds, 300);
  assert.equal(FORMER_INLINE_MAP.iterationBilling, 'standard-transitions');
});

test('chunks keep the 32 MiB target up to 10,000 of them, then grow: 100 GB is 2,981 × 32 MiB, 1 TB 10,000 × 100 MB', () => {
  // act
  const hundredGb = chunking(1e11, DISTRIBUTED_MAP_DEFAULTS);
  const oneTb = chunking(1e12, DISTRIBUTED_MAP_DEFAULTS);

  // assert: ceil(1e11 / 33,554,432) = 2,981; 1e12 / 10,000 = 1e8 > 32 MiB
  assert.deepEqual(hundredGb, { chunkBytes: 32 * MiB, chunks: 2981 });
  assert.deepEqual(oneTb, { chunkBytes: 1e8, chunks: 10_000 });
});

test('a file the parallel chunks could take at once is spread over as many chunks as run at once', () => {
  // act: 100 MB < 8 × 32 MiB → 8 chunks of 12.5 MB; 10 GB < 800 × 32 MiB → 800 chunks of 12.5 MB
  const defaults = chunking(1e8, DISTRIBUTED_MAP_DEFAULTS);
  const sized = chunking(1e10, DISTRIBUTED_MAP_SIZED_FOR_AWS);

  // assert
  assert.deepEqual(defaults, { chunkBytes: 12_500_000, chunks: 8 });
  assert.deepEqual(sized, { chunkBytes: 12_500_000, chunks: 800 });
});

test('a chunk longer than its 71 s task timeout does not work: 10,000 chunks of 80 MB at 1 MB/s', () => {
  // act
  const fits = scaleRow(7e11, inputs(FULL_VCPU));
  const overflows = scaleRow(8e11, inputs(FULL_VCPU));

  // assert: 7e7 B / 1e6 B/s = 70 s ≤ 71 s; 80 s > 71 s
  assert.equal(fits.chunkSeconds, 70);
  assert.deepEqual(fits.bounds, []);
  assert.equal(fits.works, true);
  assert.equal(overflows.chunkSeconds, 80);
  assert.deepEqual(overflows.bounds, ['chunk task timeout']);
  assert.equal(overflows.works, false);
});

test('a chunk past 5 minutes breaks its Express child as well as its task timeout', () => {
  // act: 4 TB over 10,000 chunks of 400 MB at 1 MB/s = 400 s each
  const row = scaleRow(4e12, inputs(FULL_VCPU));

  // assert
  assert.equal(row.chunkSeconds, 400);
  assert.deepEqual(row.bounds, ['chunk task timeout', 'Express child duration (≤ 5 min)']);
});

test('below 1769 MB an invocation gets its memory share of a vCPU: 1024 MB scores 1024/1769 of the rate', () => {
  // act
  const row = scaleRow(1e11, inputs(DISTRIBUTED_MAP_DEFAULTS));

  // assert
  assert.ok(Math.abs(row.chunkSeconds - ((32 * MiB) / 1e6) * (1769 / 1024)) < 1e-9);
});

test('wall time counts waves of the chunks at once: 2,981 chunks at 8 → 373 waves; the inline Map ran 40 whatever asked', () => {
  // prepare: MaxConcurrency 100 with a reservation above it
  const inline: WorkflowParams = { ...FORMER_INLINE_MAP, memoryMb: 1769, mapConcurrency: 100, lambdaConcurrency: 1000 };
  const distributed: WorkflowParams = { ...FULL_VCPU, mapConcurrency: 100, lambdaConcurrency: 1000 };

  // act
  const defaults = scaleRow(1e11, inputs(FULL_VCPU));
  const inlineRow = scaleRow(1e11, inputs(inline));
  const distributedRow = scaleRow(1e11, inputs(distributed));

  // assert: 32 MiB at 1 MB/s = 33.554432 s per chunk, + 1 s overhead
  assert.equal(defaults.waves, 373);
  close(defaults.wallSeconds, 1 + 373 * 33.554432);
  assert.equal(inlineRow.concurrency, 40);
  assert.equal(inlineRow.waves, 13);
  assert.equal(distributedRow.concurrency, 100);
  assert.equal(distributedRow.waves, 30);
});

test('a Distributed Map job pays a parent transition per child and each Express child: 1 GB in 30 chunks', () => {
  // prepare: 1 GB at 1769 MB → 30 chunks of 32 MiB, 33.554432 s each (billed 33,555 ms; Express 33.6 s), + 3 × 100 ms
  const row = scaleRow(1e9, inputs(FULL_VCPU));

  // act
  const c = row.cost;

  // assert: Plan, ScoreChunks, Finalize + one transition per child; each child $1/1M + 33.6 s × 64/1024 GB × $0.00001667
  assert.equal(row.chunks, 30);
  close(c.lambdaComputeUsd, ((30 * 33_555 + 300) / 1000) * (1769 / 1024) * 0.0000166667);
  close(c.lambdaRequestsUsd, (33 * 0.2) / 1e6);
  close(c.stepFunctionsUsd, (33 * 0.025) / 1000 + 30 * (1 / 1e6 + 33.6 * (64 / 1024) * 0.00001667));
  close(c.s3Usd, (127 * 0.005) / 1000 + (32 * 0.0004) / 1000);
  close(c.dynamodbUsd, ((3 + 33) * 0.625) / 1e6);
  close(c.totalUsd, c.lambdaComputeUsd + c.lambdaRequestsUsd + c.stepFunctionsUsd + c.s3Usd + c.dynamodbUsd + c.logsUsd);
  close(c.usdPer1MPredictions, (c.totalUsd / 1e8) * 1e6);
});

test('the former inline Map paid its transitions only: one per iteration, no Express children', () => {
  // act: 1 GB over 40 chunks of 25 MB
  const row = scaleRow(1e9, inputs({ ...FORMER_INLINE_MAP, memoryMb: 1769 }));

  // assert
  assert.equal(row.chunks, 40);
  close(row.cost.stepFunctionsUsd, (43 * 0.025) / 1000);
});

test('a job past its execution timeout does not work', () => {
  // act: 1 GB at 8 at once is 4 waves of 33.6 s
  const row = scaleRow(1e9, inputs({ ...FULL_VCPU, workflowTimeoutSeconds: 100 }));

  // assert
  assert.deepEqual(row.bounds, ['execution timeout']);
});

test('largestWorking finds the last working size to within 1 MB', () => {
  // act
  const largest = largestWorking((n) => n <= 123_456_789_000);

  // assert
  assert.ok(largest <= 123_456_789_000 && largest > 123_456_789_000 - 1e6, String(largest));
});

test('the largest input is 10,000 chunks at the 71 s task timeout: 710 GB at 1 MB/s; the inline Map 500 × 300 s: 150 GB', () => {
  // act
  const distributed = largestInput(inputs(FULL_VCPU));
  const inline = largestInput(inputs({ ...FORMER_INLINE_MAP, memoryMb: 1769 }));

  // assert
  within1Mb(distributed.inputBytes, 7.1e11);
  assert.deepEqual(distributed.boundedBy, ['chunk task timeout']);
  assert.equal(distributed.row.chunks, 10_000);
  within1Mb(inline.inputBytes, 1.5e11);
  assert.deepEqual(inline.boundedBy, ['chunk task timeout']);
});

test('without timeouts the bound is scored.csv: 10,000 parts of 5 GiB hold 3× the input', () => {
  // act
  const largest = largestInput(inputs(NO_TIMEOUTS));

  // assert
  within1Mb(largest.inputBytes, (MAX_PARTS * MAX_PART_BYTES) / 3);
  assert.deepEqual(largest.boundedBy, ['scored.csv size (≤ 10,000 parts of 5 GiB)']);
});

test('a chunk whose scored output needs more than 10,000 parts of 8 MiB cannot be uploaded by ScoreChunk', () => {
  // prepare: one chunk, so the whole output is one chunk's
  const oneChunk: WorkflowParams = { ...NO_TIMEOUTS, maxChunks: 1 };

  // act
  const largest = largestInput(inputs(oneChunk));

  // assert
  within1Mb(largest.inputBytes, (MAX_PARTS * STREAM_PART_BYTES) / 3);
  assert.deepEqual(largest.boundedBy, ['chunk output upload (≤ 10,000 parts of 8 MiB)']);
});

test('the table computes one row per size; sizing for AWS shortens the wall time but not the largest input', () => {
  // act
  const defaults = scaleTable(DISTRIBUTED_MAP_DEFAULTS, DEFAULT_SCORE_RATE);
  const sized = scaleTable(DISTRIBUTED_MAP_SIZED_FOR_AWS, DEFAULT_SCORE_RATE);
  const inline = scaleTable(FORMER_INLINE_MAP, DEFAULT_SCORE_RATE);

  // assert
  assert.deepEqual(
    defaults.rows.map((r) => r.inputBytes),
    [1e9, 1e10, 1e11, 1e12],
  );
  assert.deepEqual(
    defaults.rows.map((r) => r.works),
    [true, true, true, true],
  );
  assert.equal(inline.rows[3].works, false);
  assert.ok(sized.rows[2].wallSeconds < defaults.rows[2].wallSeconds / 10);
  assert.equal(sized.largest.inputBytes, defaults.largest.inputBytes);
  assert.ok(defaults.largest.inputBytes > inline.largest.inputBytes);
});

test('fixed and per-chunk units: a line per unit through metered jobs of two chunk counts at least', () => {
  // prepare: 7 + 4/chunk PUTs
  const metered = (chunks: number) => {
    const usage = emptyUsage();
    usage.s3.putCopyPostList = 7 + 4 * chunks;
    usage.lambda.requests = 3 + chunks;
    return { name: `${chunks}`, usage, decomposition: { chunks } };
  };

  // act
  const fitted = unitsFromJobs([metered(1), metered(3), metered(10)])!;

  // assert
  assert.deepEqual([fitted.fixed.s3.putCopyPostList, fitted.perChunk.s3.putCopyPostList], [7, 4]);
  assert.deepEqual([fitted.fixed.lambda.requests, fitted.perChunk.lambda.requests], [3, 1]);
  assert.equal(unitsFromJobs([metered(2), metered(2)]), undefined);
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
  assert.match(measured.units.source, /^default/); // these jobs carry no metered units
  assert.equal(measured.measured, true);
  assert.match(measured.source, /1M/);
  assert.equal(fallback, DEFAULT_SCORE_RATE);
});
