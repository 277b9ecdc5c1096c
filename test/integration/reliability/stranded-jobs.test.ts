/**
 * No job is lost or left RUNNING: every way a batch job can end leaves a terminal job record (read through
 * GET /jobs/{id}) and summary.json with a reason. Faults come from LOCAL_LAMBDA_FAULTS; the paths outside the
 * workflow's Catch run as the stack defines them — the execution status-change rule and the ingest's
 * asynchronous-invoke failure destination on the local EventBridge bus, both targeting the batch function.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GetExecutionHistoryCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { startTestStack, type TestStack, type JobSummaryView } from '../../helpers/local-stack.ts';
import { SMALL_CHUNKS, exists, irisCsv, jobsFor, waitFor, type JobItem } from './support.ts';

/** Lambda's async retries after 0.1 s and 0.2 s instead of 1 and 2 min. */
const ASYNC_TIME_SCALE = 1 / 600;

/** How late a Finalize starts in the stop-during-Finalize case: it runs after its execution was stopped. */
const FINALIZE_DELAY_MS = 3000;

/**
 * The local runtime's function timeout: the timeout fault hangs the environment until the runtime kills it at this
 * deadline. Long enough for a fresh environment's first ScoreChunk (it loads the model) on a loaded machine. Set on
 * the runtime only: the CDK `timeoutSeconds` would also shrink Plan's task timeout, which counts a cold start.
 */
const FUNCTION_TIMEOUT_MS = 10_000;

const FAULTS = [
  { match: { task: 'score-chunk', 'chunk.index': 1, 'job.key': 'stranded/chunk-timeout-once.csv' }, fail: 'timeout', times: 1 },
  { match: { task: 'score-chunk', 'chunk.index': 1, 'job.key': 'stranded/chunk-permanent.csv' }, fail: 'permanent' },
  { match: { task: 'score-chunk', 'chunk.index': 0, 'job.key': 'stranded/mark-failed-fails.csv' }, fail: 'permanent' },
  { match: { task: 'mark-failed', 'job.key': 'stranded/mark-failed-fails.csv' }, fail: 'permanent' },
  { match: { task: 'score-chunk', 'job.key': 'stranded/stopped.csv' }, fail: 'delay', delayMs: 8000 },
  { match: { task: 'score-chunk', 'job.key': 'stranded/timed-out.csv' }, fail: 'delay', delayMs: 8000 },
  { match: { task: 'finalize', 'job.key': 'stranded/stopped-in-finalize.csv' }, fail: 'delay', delayMs: FINALIZE_DELAY_MS },
  { match: { 'Records.0.eventSource': 'aws:s3', 'Records.0.s3.object.key': 'stranded/ingest-fails.csv' }, fail: 'permanent' },
];

async function withFaults<T>(start: () => Promise<T>): Promise<T> {
  const previous = process.env.LOCAL_LAMBDA_FAULTS;
  process.env.LOCAL_LAMBDA_FAULTS = JSON.stringify(FAULTS);
  try {
    return await start();
  } finally {
    // Read once when the runtime is built: later stacks in this process must not inherit the faults.
    if (previous === undefined) delete process.env.LOCAL_LAMBDA_FAULTS;
    else process.env.LOCAL_LAMBDA_FAULTS = previous;
  }
}

interface Ended {
  summary: JobSummaryView;
  record: { status: string; reason?: string };
}

/** The summary, then the job as GET /jobs/{id} answers: both must agree on the terminal state. */
async function ended(t: TestStack, key: string): Promise<Ended> {
  const summary = await t.waitForSummary(key, 90_000);
  const response = await fetch(`${t.stack.apiUrl}/jobs/${summary.jobId}`);
  assert.equal(response.status, 200);
  const record = (await response.json()) as { status: string; reason?: string };
  return { summary, record };
}

function assertFailed({ summary, record }: Ended, reason: RegExp): void {
  assert.equal(summary.status, 'FAILED');
  assert.match(summary.reason ?? '', reason);
  assert.equal(record.status, 'FAILED');
  assert.equal(record.reason, summary.reason);
  assert.equal(summary.outputs.scored, null);
}

async function runningJob(t: TestStack, key: string): Promise<JobItem> {
  return waitFor(`${key} RUNNING`, async () =>
    (await jobsFor(t.dynamodb, key)).find((job) => job.status === 'RUNNING' && job.executionArn),
  );
}

describe('stranded jobs: every ending leaves a terminal record and summary.json', () => {
  let t: TestStack;
  const body = irisCsv(300);
  before(async () => {
    t = await withFaults(() =>
      startTestStack({
        environment: SMALL_CHUNKS,
        timeoutMs: FUNCTION_TIMEOUT_MS,
        aws: { asyncTimeScale: ASYNC_TIME_SCALE },
      }),
    );
  });
  after(() => t.stop());

  test('a chunk that times out once is retried: SUCCEEDED with every row', async () => {
    await t.put('input', 'stranded/chunk-timeout-once.csv', body);

    const { summary, record } = await ended(t, 'stranded/chunk-timeout-once.csv');

    assert.equal(summary.status, 'SUCCEEDED', summary.reason);
    assert.equal(record.status, 'SUCCEEDED');
    assert.deepEqual([summary.rowsIn, summary.rowsScored], [300, 300]);
  });

  test("a chunk failing for good: FAILED by the workflow's Catch, and the status-change event leaves it so", async () => {
    await t.put('input', 'stranded/chunk-permanent.csv', body);

    const outcome = await ended(t, 'stranded/chunk-permanent.csv');
    await t.stack.aws!.drainNotifications();

    assertFailed(outcome, /InjectedFaultError: chunk \d+: Injected permanent fault/);
    const [job] = await jobsFor(t.dynamodb, 'stranded/chunk-permanent.csv');
    assert.equal(job?.reason, outcome.summary.reason, 'the later status-change event did not rewrite the ended job');
  });

  test('MarkFailed itself failing: the execution status change ends the job', async () => {
    await t.put('input', 'stranded/mark-failed-fails.csv', body);

    const outcome = await ended(t, 'stranded/mark-failed-fails.csv');

    assertFailed(outcome, /workflow failed before it could mark the job failed/);
  });

  test('StopExecution on a running job: FAILED, its reason says the workflow was stopped', async () => {
    await t.put('input', 'stranded/stopped.csv', body);
    const job = await runningJob(t, 'stranded/stopped.csv');

    await t.sfn.send(new StopExecutionCommand({ executionArn: job.executionArn, error: 'Operator', cause: 'stopped by hand' }));

    assertFailed(await ended(t, 'stranded/stopped.csv'), /workflow was stopped before the job finished/);
  });

  test('StopExecution while Finalize runs: the FAILED outcome stands, the late Finalize writes no outputs and no summary', async () => {
    const key = 'stranded/stopped-in-finalize.csv';
    await t.put('input', key, body);
    const job = await runningJob(t, key);
    await waitFor('Finalize started', async () => {
      const history = await t.sfn.send(new GetExecutionHistoryCommand({ executionArn: job.executionArn, maxResults: 1000 }));
      return (history.events ?? []).some((e) => e.stateEnteredEventDetails?.name === 'Finalize') || undefined;
    });

    await t.sfn.send(new StopExecutionCommand({ executionArn: job.executionArn }));
    const outcome = await ended(t, key);
    await new Promise((resolve) => setTimeout(resolve, FINALIZE_DELAY_MS));
    await waitFor('the late Finalize done', async () => {
      const stats = t.stack.taskRuntime!.stats();
      return stats.busy === 0 && stats.starting === 0 && stats.queued === 0 ? true : undefined;
    });

    assertFailed(outcome, /workflow was stopped before the job finished/);
    assert.equal((await t.waitForSummary(key)).status, 'FAILED', 'summary.json still says FAILED');
    assert.equal((await jobsFor(t.dynamodb, key))[0]?.status, 'FAILED');
    assert.equal(await exists(t.s3, 'output', 'stranded/stopped-in-finalize.scored.csv'), false);
    assert.equal(await exists(t.s3, 'output', 'stranded/stopped-in-finalize.errors.csv'), false);
  });

  test('an ingest failing on every attempt: the failure destination ends the job it never recorded', async () => {
    await t.put('input', 'stranded/ingest-fails.csv', body);

    const outcome = await ended(t, 'stranded/ingest-fails.csv');

    assertFailed(outcome, /could not be processed after 3 attempts \(last error InjectedFaultError/);
    assert.equal(await exists(t.s3, 'output', 'stranded/ingest-fails.scored.csv'), false);
    assert.deepEqual(t.stack.aws!.queuedEvents(), [], 'nothing dead-lettered');
  });
});

describe('stranded jobs: the execution timeout', () => {
  let t: TestStack;
  before(async () => {
    t = await withFaults(() =>
      startTestStack({ environment: SMALL_CHUNKS, aws: { context: { batchTimeoutSeconds: 3 }, asyncTimeScale: ASYNC_TIME_SCALE } }),
    );
  });
  after(() => t.stop());

  test('an execution that runs past TimeoutSeconds: FAILED, its reason says the time limit', async () => {
    await t.put('input', 'stranded/timed-out.csv', irisCsv(300));

    assertFailed(await ended(t, 'stranded/timed-out.csv'), /ran past its time limit/);
  });
});
