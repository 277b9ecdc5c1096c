/**
 * A job's `billing` — what the service counts of its own requests and invocations, on AWS as here — equals the
 * local stack's independent meter (local/meter, which counts at the emulated services what arrives with the job's
 * trace), up to differences each reasoned out and asserted exactly.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { startTestStackWithFaults, type TestStack } from '../helpers/local-stack.ts';
import { SMALL_CHUNKS, irisCsv, jobsFor, waitFor } from './reliability/support.ts';
import { assertUnitsEqualMeter, jobViewAndMeter, viewAndMeter } from '../helpers/job-billing.ts';
import type { JobBilling } from '../../functions/lib/billing/index.ts';
import type { JobView } from '../../functions/lib/jobs/job-view.ts';
import prices from '../../functions/lib/billing/prices.json' with { type: 'json' };

/** The units at the list prices, written out here (not the product's estimatedUsd). */
function priced(units: JobBilling['units']): number {
  const usd =
    units.s3.putCopyPostList * (prices.s3.putCopyPostListPer1000 / 1000) +
    units.s3.getSelectOther * (prices.s3.getSelectPer1000 / 1000) +
    units.dynamodb.readRequests * (prices.dynamodb.onDemandPer1MReadRequestUnits / 1e6) +
    units.dynamodb.writeRequests * (prices.dynamodb.onDemandPer1MWriteRequestUnits / 1e6) +
    units.stepFunctions.standardTransitions * (prices.stepFunctions.standardPer1000Transitions / 1000) +
    units.stepFunctions.expressRequests * (prices.stepFunctions.expressPer1MRequests / 1e6) +
    units.stepFunctions.expressGbSeconds * prices.stepFunctions.expressPerGbSecond +
    units.lambda.requests * (prices.lambda.per1MRequests / 1e6) +
    units.lambda.gbSeconds * prices.lambda.x86PerGbSecond;
  return usd;
}

describe('a job’s billing equals the local meter’s count', () => {
  let t: TestStack;
  before(async () => {
    // A lost response makes Step Functions retry one chunk that was done: billed twice, by AWS and in the meter.
    const retried = { match: { task: 'score-chunk', 'chunk.index': 1, 'job.key': 'cost/retried.csv' }, fail: 'lost-response', times: 1 };
    t = await startTestStackWithFaults([retried], { environment: SMALL_CHUNKS });
  });
  after(() => t.stop());

  /** The job's summary, its view once its execution ended, and the meter's units for its trace. */
  const runJob = async (key: string, body: string) => {
    await t.put('input', key, body);
    const summary = (await t.waitForSummary(key, 120_000)) as unknown as { status: string; chunks: number; billing: JobBilling };
    assert.equal(summary.status, 'SUCCEEDED');
    return { summary, ...(await viewAndMeter(t, key)) };
  };

  for (const [name, key, rows, minChunks, retries] of [
    ['a 1-row job', 'cost/one.csv', 1, 1, 0],
    ['a multi-chunk job', 'cost/many.csv', 300, 3, 0],
    ['a multi-chunk job with a chunk retried (both attempts billed)', 'cost/retried.csv', 300, 3, 1],
  ] as const) {
    test(name, async () => {
      const { summary, view, metered } = await runJob(key, irisCsv(rows));
      assert.ok(summary.chunks >= minChunks, `expected at least ${minChunks} chunks, got ${summary.chunks}`);
      // Ingest, Plan, one ScoreChunk per chunk (and per retry), Finalize.
      assert.equal(view.billing.units.lambda.requests, summary.chunks + 3 + retries);
      const { units } = view.billing;
      assertUnitsEqualMeter(units, metered);
      // The ingest starts the workflow once; Finalize reads its history once (one page: under 1,000 events).
      assert.equal(units.stepFunctions.requests, 2);
      // Start, Plan, ScoreChunks, one per chunk's child, Finalize: a chunk retried inside its Express child adds none.
      assert.equal(units.stepFunctions.standardTransitions, 4 + summary.chunks);
      // One Express child per chunk (a retry runs inside it), each billed at least 100 ms, in whole increments.
      assert.equal(units.stepFunctions.expressRequests, summary.chunks);
      assert.ok(units.stepFunctions.expressBilledMs >= 100 * summary.chunks && units.stepFunctions.expressBilledMs % 100 === 0);
      const usd = priced(units);
      assert.ok(Math.abs(view.billing.estimatedUsd - usd) <= usd * 1e-5, `${view.billing.estimatedUsd} ≠ ${usd}`);

      // The summary is written before Finalize's last requests: its probe record, the output lease's release and the
      // write of its own units, three DynamoDB writes; everything else it already counts.
      const early = summary.billing.units;
      assert.deepEqual({ ...early, dynamodb: undefined, lambda: undefined }, { ...units, dynamodb: undefined, lambda: undefined });
      assert.deepEqual(early.dynamodb, { readRequests: units.dynamodb.readRequests, writeRequests: units.dynamodb.writeRequests - 3 });
      assert.equal(early.lambda.requests, units.lambda.requests);
      assert.ok(early.lambda.billedMs <= units.lambda.billedMs);
      assert.match(summary.billing.note, /its own PUT is counted/);
    });
  }

  test('a job the ingest fails carries its billing too: one invocation, the summary PUT among its requests', async () => {
    await t.put('input', 'cost/missing-feature.csv', 'sepal_length,sepal_width,petal_length,note\n5.1,3.5,1.4,x\n');
    const summary = (await t.waitForSummary('cost/missing-feature.csv')) as unknown as {
      status: string;
      jobId: string;
      billing: JobBilling;
    };
    assert.equal(summary.status, 'FAILED');
    const early = summary.billing.units;
    assert.equal(early.lambda.requests, 1);
    assert.equal(early.stepFunctions.requests, 0, 'no workflow was started');
    assert.equal(early.stepFunctions.standardTransitions, 0);
    assert.ok(early.s3.putCopyPostList >= 1 && early.s3.getSelectOther >= 1, 'read the header, wrote the summary');
    // The ingest's units reach the record once its invocation ends (the summary is not the invocation's last request).
    const view = await waitFor('the ingest’s units', async () => {
      const answer = (await (await fetch(`${t.stack.apiUrl}/jobs/${summary.jobId}`)).json()) as JobView;
      return answer.billing.units.lambda.requests === 1 ? answer : undefined;
    });
    assert.deepEqual(view.billing.units.s3, early.s3);
    assert.ok(view.billing.units.dynamodb.writeRequests > early.dynamodb.writeRequests);
  });
  test('a job the workflow fails: MarkFailed counts its transitions, equal to the meter’s', async () => {
    // Cut short, the gzip passes the ingest (its header inflates) and fails Plan, which inflates it all: the Catch
    // runs MarkFailed before any Map, then the Fail state.
    const whole = gzipSync(irisCsv(300));
    await t.put('input', 'cost/truncated.csv.gz', whole.subarray(0, whole.length - 30));
    const summary = (await t.waitForSummary('cost/truncated.csv.gz', 60_000)) as unknown as {
      status: string;
      reason: string;
      billing: JobBilling;
    };
    assert.equal(summary.status, 'FAILED');
    assert.match(summary.reason, /not a valid gzip file/);
    const { view, metered } = await viewAndMeter(t, 'cost/truncated.csv.gz');
    const { units } = view.billing;
    assertUnitsEqualMeter(units, metered);
    // Start, Plan (and any retry of it), MarkFailed, Failed.
    assert.ok(units.stepFunctions.standardTransitions >= 4, `${units.stepFunctions.standardTransitions} transitions`);
    assert.equal(units.stepFunctions.expressRequests, 0);
    // The summary has them already: MarkFailed counts them before it writes it.
    assert.equal(summary.billing.units.stepFunctions.standardTransitions, units.stepFunctions.standardTransitions);
  });
});

describe('a job whose chunk fails: MarkFailed bills its map run’s Express children, equal to the meter’s', () => {
  let t: TestStack;
  before(async () => {
    // Chunk 1 fails on every attempt (its Task retries it, then its child fails, then the map run: no failure is
    // tolerated). One child at a time: chunk 0 has ended before chunk 1 starts, so when the run fails no child is still
    // running (an aborted child's ScoreChunk would add its units after MarkFailed), and no later chunk starts.
    const failing = { match: { task: 'score-chunk', 'chunk.index': 1, 'job.key': 'cost/failed-chunk.csv' }, fail: 'permanent' };
    t = await startTestStackWithFaults([failing], { environment: SMALL_CHUNKS, aws: { context: { mapConcurrency: 1 } } });
  });
  after(() => t.stop());

  test('its map run’s children, their requests and billed duration, and their parent’s transitions', async () => {
    await t.put('input', 'cost/failed-chunk.csv', irisCsv(300));
    const summary = (await t.waitForSummary('cost/failed-chunk.csv', 120_000)) as unknown as {
      status: string;
      reason: string;
      billing: JobBilling;
    };
    assert.equal(summary.status, 'FAILED');
    assert.match(summary.reason, /chunk 1: Injected permanent fault/);
    const { view, metered } = await viewAndMeter(t, 'cost/failed-chunk.csv');
    const { units } = view.billing;
    assertUnitsEqualMeter(units, metered);
    // Two children started: chunk 0's succeeded, chunk 1's failed (its attempts retried inside it); the rest never ran.
    assert.equal(units.stepFunctions.expressRequests, 2);
    assert.ok(units.stepFunctions.expressBilledMs >= 200 && units.stepFunctions.expressBilledMs % 100 === 0);
    // Start, Plan, ScoreChunks, one per child, MarkFailed, Failed.
    assert.equal(units.stepFunctions.standardTransitions, 5 + 2);
    // Ingest, Plan, chunk 0's ScoreChunk, MarkFailed, and the safety net on the execution's FAILED event (it finds
    // the job ended and leaves it): chunk 1's injected failures never reached the function.
    assert.equal(units.lambda.requests, 5);
    // The summary has them already: MarkFailed counts them before it writes it.
    const early = summary.billing.units.stepFunctions;
    assert.deepEqual(
      { requests: early.expressRequests, billedMs: early.expressBilledMs, transitions: early.standardTransitions },
      {
        requests: units.stepFunctions.expressRequests,
        billedMs: units.stepFunctions.expressBilledMs,
        transitions: units.stepFunctions.standardTransitions,
      },
    );
  });
});

describe('a job a newer upload supersedes as it finalizes: its map run is billed all the same, equal to the meter’s', () => {
  const key = 'cost/superseded.csv';
  let t: TestStack;
  before(async () => {
    // The key's first Finalize starts 4 s late: the newer upload's job claims the outputs in the meantime.
    const late = { match: { task: 'finalize', 'job.key': key }, fail: 'delay', delayMs: 4000, times: 1 };
    t = await startTestStackWithFaults([late], { environment: SMALL_CHUNKS });
  });
  after(() => t.stop());

  test('its children, their requests and billed duration, and the transitions of a workflow that went on to succeed', async () => {
    // The key's first Finalize is delayed (before): the newer upload lands after the first job's chunks, before it.
    await t.put('input', key, irisCsv(300));
    const [older] = await waitFor('the first job’s execution', async () => {
      const jobs = await jobsFor(t.dynamodb, key);
      return jobs.length === 1 && jobs[0]!.executionArn ? jobs : undefined;
    });
    // Every chunk scored, so the first job has read all of its input (the newer upload replaces the object it pins).
    await waitFor('the first job’s chunks scored', async () => {
      const view = (await (await fetch(`${t.stack.apiUrl}/jobs/${older!.jobId}`)).json()) as JobView;
      return view.progress.chunksTotal !== null && view.progress.chunksDone === view.progress.chunksTotal ? view : undefined;
    });
    await t.put('input', key, irisCsv(300, 'newer-'));
    const superseded = await waitFor(
      'the first job superseded',
      async () => (await jobsFor(t.dynamodb, key)).find((job) => job.jobId === older!.jobId && job.status === 'SUPERSEDED'),
      60_000,
    );
    const { view, metered } = await jobViewAndMeter(t, superseded);
    const { units } = view.billing;
    assertUnitsEqualMeter(units, metered);
    // Its map run scored every chunk: one Express child each (SMALL_CHUNKS cuts 300 rows into several).
    assert.ok(units.stepFunctions.expressRequests >= 3, `${units.stepFunctions.expressRequests} children`);
    // Start, Plan, ScoreChunks, one per child, Finalize, Succeeded: superseded, the workflow still ends as it would.
    assert.equal(units.stepFunctions.standardTransitions, 4 + units.stepFunctions.expressRequests);
  });
});
