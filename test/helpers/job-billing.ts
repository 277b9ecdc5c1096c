import { setTimeout as sleep } from 'node:timers/promises';
import assert from 'node:assert/strict';
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import type { TestStack } from './local-stack.ts';
import { jobsFor, type JobItem } from '../integration/reliability/support.ts';
import type { MeterPage, Usage } from '../../local/meter/index.ts';
import type { JobUnits } from '../../functions/lib/billing/index.ts';
import type { JobView } from '../../functions/lib/jobs/job-view.ts';

/**
 * A finished job's `GET /jobs/{id}` and the local meter's units for its trace, read once its execution ended:
 * Finalize records its own units after the summary, just before it returns and the execution ends.
 */
export async function viewAndMeter(t: TestStack, key: string): Promise<{ view: JobView; metered: Usage }> {
  const [job] = await jobsFor(t.dynamodb, key);
  return jobViewAndMeter(t, job!);
}

/** viewAndMeter for one job of a key that has several. */
export async function jobViewAndMeter(t: TestStack, job: JobItem): Promise<{ view: JobView; metered: Usage }> {
  const executionArn = job.executionArn!;
  const until = Date.now() + 10_000;
  while ((await t.sfn.send(new DescribeExecutionCommand({ executionArn }))).status === 'RUNNING' && Date.now() < until) await sleep(50);
  await sleep(100);
  await t.stack.aws!.drainNotifications();
  const view = (await (await fetch(`${t.stack.apiUrl}/jobs/${job.jobId}`)).json()) as JobView;
  const page = (await (await fetch(`${t.edgeUrl}/_local/meter?execution=${encodeURIComponent(executionArn)}`)).json()) as MeterPage;
  return { view, metered: page.traces[0]!.usage };
}

/**
 * The job's own count equals the meter's: every S3 request under the job's trace by class (the handlers' own and
 * the map runs' ItemReader and ResultWriter requests, which Finalize counts from each run's manifest), every
 * DynamoDB request, every invocation, every Standard state transition (Finalize's count from the execution's history
 * and its map runs' items; the meter's from the emulator's states entered, retries and children started), every
 * Express child and its billed duration (Finalize's from the children's StartDate and StopDate in the map runs' result
 * files; the meter's from each child execution's start and stop as the emulator closes it); the handlers' own billed
 * time is within the REPORT lines' (which add INIT).
 *
 * The Express duration is equal to the millisecond, not only within an increment: both sides compute it from the
 * same facts. The emulator keeps a child's start and stop as integer milliseconds (Date.now()), meters their
 * difference, and writes the same two numbers to the result file as ISO 8601 timestamps with milliseconds, the form
 * AWS's result files use; Date.parse reads them back exactly. A rounding up to 100 ms of the same difference is the
 * same on both sides.
 */
export function assertUnitsEqualMeter(units: JobUnits, metered: Usage): void {
  assert.deepEqual(units.s3, {
    putCopyPostList: metered.s3.putCopyPostList,
    getSelectOther: metered.s3.getSelectOther,
    free: metered.s3.free,
  });
  assert.equal(units.dynamodb.readRequests + units.dynamodb.writeRequests, metered.dynamodb.requests);
  assert.equal(units.lambda.requests, metered.lambda.requests);
  assert.equal(units.stepFunctions.standardTransitions, metered.stepFunctions.standardTransitions);
  assert.deepEqual(
    { requests: units.stepFunctions.expressRequests, billedMs: units.stepFunctions.expressBilledMs },
    { requests: metered.stepFunctions.expressRequests, billedMs: metered.stepFunctions.expressBilledMs },
  );
  assert.ok(Math.abs(units.stepFunctions.expressGbSeconds - metered.stepFunctions.expressGbSeconds) < 1e-9);
  assert.ok(
    units.lambda.billedMs > 0 && units.lambda.billedMs <= metered.lambda.billedMs,
    `${units.lambda.billedMs} > ${metered.lambda.billedMs}`,
  );
}
