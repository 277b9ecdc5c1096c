/**
 * A job's `billing` — what the service counts of its own requests and invocations, on AWS as here — equals the
 * local stack's independent meter (local/meter, which counts at the emulated services what arrives with the job's
 * trace), up to differences each reasoned out and asserted exactly.
 */
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import assert from 'node:assert/strict';
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { startTestStack, type TestStack } from '../helpers/local-stack.ts';
import { SMALL_CHUNKS, irisCsv, jobsFor, waitFor } from './reliability/support.ts';
import type { MeterPage } from '../../local/meter/index.ts';
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
    units.lambda.requests * (prices.lambda.per1MRequests / 1e6) +
    units.lambda.gbSeconds * prices.lambda.x86PerGbSecond;
  return usd;
}

describe('a job’s billing equals the local meter’s count', () => {
  let t: TestStack;
  before(async () => {
    // A lost response makes Step Functions retry one chunk that was done: billed twice, by AWS and in the meter.
    const previous = process.env.LOCAL_LAMBDA_FAULTS;
    process.env.LOCAL_LAMBDA_FAULTS = JSON.stringify([
      { match: { task: 'score-chunk', 'chunk.index': 1, 'job.key': 'cost/retried.csv' }, fail: 'lost-response', times: 1 },
    ]);
    try {
      t = await startTestStack({ environment: SMALL_CHUNKS });
    } finally {
      if (previous === undefined) delete process.env.LOCAL_LAMBDA_FAULTS;
      else process.env.LOCAL_LAMBDA_FAULTS = previous;
    }
  });
  after(() => t.stop());

  /** The job's summary, its view once its execution ended, and the meter's units for its trace. */
  const runJob = async (key: string, body: string) => {
    await t.put('input', key, body);
    const summary = (await t.waitForSummary(key, 120_000)) as unknown as { status: string; chunks: number; billing: JobBilling };
    assert.equal(summary.status, 'SUCCEEDED');
    const [job] = await jobsFor(t.dynamodb, key);
    const executionArn = job!.executionArn!;
    // Finalize records its own units after the summary, just before it returns and the execution ends.
    const until = Date.now() + 10_000;
    while ((await t.sfn.send(new DescribeExecutionCommand({ executionArn }))).status === 'RUNNING' && Date.now() < until) await sleep(50);
    await sleep(100);
    await t.stack.aws!.drainNotifications();
    const view = (await (await fetch(`${t.stack.apiUrl}/jobs/${job!.jobId}`)).json()) as JobView;
    const page = (await (await fetch(`${t.edgeUrl}/_local/meter?execution=${encodeURIComponent(executionArn)}`)).json()) as MeterPage;
    return { summary, view, metered: page.traces[0]!.usage };
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
      // Every S3 request the meter saw under the job's trace: the handlers' own and the map run's ItemReader and
      // ResultWriter requests, which Finalize counts from the run's manifest.
      assert.deepEqual(units.s3, {
        putCopyPostList: metered.s3.putCopyPostList,
        getSelectOther: metered.s3.getSelectOther,
        free: metered.s3.free,
      });
      assert.equal(units.dynamodb.readRequests + units.dynamodb.writeRequests, metered.dynamodb.requests);
      assert.equal(units.lambda.requests, metered.lambda.requests);
      // The handler's own time is inside the invocation the REPORT line bills (which adds INIT on a cold start).
      assert.ok(
        units.lambda.billedMs > 0 && units.lambda.billedMs <= metered.lambda.billedMs,
        `${units.lambda.billedMs} > ${metered.lambda.billedMs}`,
      );
      assert.equal(units.stepFunctions.requests, 1, 'the ingest starts the workflow once');
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
    assert.ok(early.s3.putCopyPostList >= 1 && early.s3.getSelectOther >= 1, 'read the header, wrote the summary');
    // The ingest's units reach the record once its invocation ends (the summary is not the invocation's last request).
    const view = await waitFor('the ingest’s units', async () => {
      const answer = (await (await fetch(`${t.stack.apiUrl}/jobs/${summary.jobId}`)).json()) as JobView;
      return answer.billing.units.lambda.requests === 1 ? answer : undefined;
    });
    assert.deepEqual(view.billing.units.s3, early.s3);
    assert.ok(view.billing.units.dynamodb.writeRequests > early.dynamodb.writeRequests);
  });
});
