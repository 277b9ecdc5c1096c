/**
 * Injected faults end to end: the test-only switch LOCAL_LAMBDA_FAULTS (read by the local Lambda runtime only, from
 * the stack process's environment) fails chosen workflow tasks. A transient failure of one ScoreChunk is retried and
 * changes nothing in the output; a permanent failure or a timeout ends the job FAILED with the cause and no scored.csv.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { GetExecutionHistoryCommand, ListExecutionsCommand, ListMapRunsCommand } from '@aws-sdk/client-sfn';
import { startTestStackWithFaults, type TestStack } from '../../helpers/local-stack.ts';
import { REPO_ROOT } from '../../../local/stack.ts';
import { SMALL_CHUNKS, exists, irisCsv, jobsFor, listKeys } from './support.ts';

const FAULTS = [
  { match: { task: 'score-chunk', 'chunk.index': 1, 'job.key': 'faults/transient.csv' }, fail: 'transient', times: 1 },
  { match: { task: 'score-chunk', 'chunk.index': 1, 'job.key': 'faults/permanent.csv' }, fail: 'permanent' },
  { match: { task: 'score-chunk', 'chunk.index': 2, 'job.key': 'faults/timeout.csv' }, fail: 'timeout' },
  { match: { task: 'plan', 'job.key': 'faults/plan-timeout.csv' }, fail: 'timeout' },
];

/**
 * The function timeout of the stack that runs the timeout faults: a timeout fault hangs the environment until the
 * runtime kills it at this deadline. Its own stack: the first invocation of a fresh environment loads the model,
 * which a loaded machine may not fit in 3 s, and every timed-out environment is replaced by a fresh one. Set on the
 * runtime only: the CDK `timeoutSeconds` would also shrink Plan's task timeout, which counts a cold start.
 */
const FUNCTION_TIMEOUT_MS = 3000;

/** The job of `key` ended FAILED with `cause` in summary.json and its record, and no output was written. */
async function assertEndedFailed(t: TestStack, key: string, cause: RegExp): Promise<void> {
  const summary = await t.waitForSummary(key);

  assert.equal(summary.status, 'FAILED');
  assert.match(summary.reason ?? '', cause);
  assert.doesNotMatch(summary.reason ?? '', /\n\s+at /, 'no stack trace in the reason');
  assert.equal(summary.outputs.scored, null);
  const stem = key.slice(0, -4);
  assert.equal(await exists(t.s3, 'output', `${stem}.scored.csv`), false);
  assert.equal(await exists(t.s3, 'output', `${stem}.errors.csv`), false);
  const [job] = await jobsFor(t.dynamodb, key);
  assert.equal(job?.status, 'FAILED');
  assert.match(job?.reason ?? '', cause);
  // Temp chunk objects are not outputs: a sibling ScoreChunk still in flight when MarkFailed cleaned up may write
  // its own after it (on AWS too; the bucket's lifecycle rule expires `_tmp/`). None may be a final output.
  const leftovers = await listKeys(t.s3, 'output', `_tmp/${summary.jobId}/`);
  assert.ok(
    leftovers.every((k) => /^_tmp\/[0-9a-f]{24}\/(scored|errors)-\d{5}\.csv$/.test(k)),
    leftovers.join(' '),
  );
}

describe('injected faults on the local stack', () => {
  let t: TestStack;
  const body = irisCsv(300);
  before(async () => {
    t = await startTestStackWithFaults(FAULTS, { environment: SMALL_CHUNKS });
  });
  after(() => t.stop());

  test('a transient failure of one ScoreChunk is retried: SUCCEEDED, output byte-identical to a fault-free run', async () => {
    await t.put('input', 'faults/reference.csv', body);
    await t.put('input', 'faults/transient.csv', body);

    const [reference, faulted] = await Promise.all([t.waitForSummary('faults/reference.csv'), t.waitForSummary('faults/transient.csv')]);

    assert.equal(faulted.status, 'SUCCEEDED', faulted.reason);
    assert.ok(faulted.chunks >= 3, `expected several chunks, got ${faulted.chunks}`);
    assert.deepEqual([faulted.rowsIn, faulted.rowsScored, faulted.rowsRejected], [300, 300, 0]);
    assert.deepEqual([reference.rowsIn, reference.chunks], [faulted.rowsIn, faulted.chunks]);
    const [expected, actual] = await Promise.all([
      t.getText('output', 'faults/reference.scored.csv'),
      t.getText('output', 'faults/transient.scored.csv'),
    ]);
    assert.equal(actual, expected);
    const [job] = await jobsFor(t.dynamodb, 'faults/transient.csv');
    // The chunks run in the Distributed Map's child executions: their histories hold the failed attempt.
    const { mapRuns } = await t.sfn.send(new ListMapRunsCommand({ executionArn: job!.executionArn! }));
    const children = (await t.sfn.send(new ListExecutionsCommand({ mapRunArn: mapRuns![0]!.mapRunArn }))).executions ?? [];
    const histories = await Promise.all(
      [job!.executionArn!, ...children.map((c) => c.executionArn!)].map((executionArn) =>
        t.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 })),
      ),
    );
    const failedTasks = histories.flatMap((h) => h.events ?? []).filter((e) => e.type === 'TaskFailed');
    assert.equal(failedTasks.length, 1, 'the injected fault fired exactly once');
    assert.equal(failedTasks[0]!.taskFailedEventDetails?.error, 'Lambda.ServiceException');
  });

  test('a permanent ScoreChunk failure ends the job FAILED with the cause in summary.json and no scored.csv', async () => {
    await t.put('input', 'faults/permanent.csv', body);

    await assertEndedFailed(t, 'faults/permanent.csv', /InjectedFaultError: chunk \d+: Injected permanent fault/);
  });

  test('the stack still serves after the faults: a clean job succeeds', async () => {
    await t.put('input', 'faults/after.csv', irisCsv(10));

    const summary = await t.waitForSummary('faults/after.csv');

    assert.equal(summary.status, 'SUCCEEDED', summary.reason);
    assert.equal(summary.rowsScored, 10);
  });

  test('the switch is local-only: nothing under functions/ reads LOCAL_LAMBDA_FAULTS', () => {
    const root = join(REPO_ROOT, 'functions');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));

    const readers = files.filter((f) => readFileSync(join(root, f), 'utf8').includes('LOCAL_LAMBDA_FAULTS'));

    assert.ok(files.length > 20);
    assert.deepEqual(readers, []);
  });
});

describe('injected timeouts: the environment hangs until the function timeout kills it', () => {
  let t: TestStack;
  const body = irisCsv(300);
  before(async () => {
    t = await startTestStackWithFaults(FAULTS, { environment: SMALL_CHUNKS, timeoutMs: FUNCTION_TIMEOUT_MS });
  });
  after(() => t.stop());

  for (const [name, key] of [
    ['a ScoreChunk timeout', 'faults/timeout.csv'],
    ['a Plan timeout', 'faults/plan-timeout.csv'],
  ] as const) {
    test(`${name} ends the job FAILED with the cause in summary.json and no scored.csv`, async () => {
      await t.put('input', key, body);

      await assertEndedFailed(t, key, /Sandbox\.Timedout|timed out/i);
    });
  }
});
