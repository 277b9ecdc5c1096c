/**
 * More rejected rows than one invocation should stream: errors.csv is assembled from error groups renumbered in
 * parallel (the RenumberErrors Map), end to end on the local stack with small chunks and the smallest group size,
 * and it is exactly the file the one-invocation stream writes: every rejected row once, with its file line, in order.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { GetExecutionHistoryCommand } from '@aws-sdk/client-sfn';
import { startTestStack, type TestStack } from '../helpers/local-stack.ts';
import { jobsFor } from './reliability/support.ts';
import { assertUnitsEqualMeter, viewAndMeter } from '../helpers/job-billing.ts';

const MiB = 1024 * 1024;
const ROWS = 150_000;

/** A header, then rows whose second feature is not a number: every one is rejected, on lines 2 … ROWS + 1. */
function allBad(): string {
  return `sepal_length,sepal_width,petal_length,petal_width\n${'5.9,abc,5.1,2.3\n'.repeat(ROWS)}`;
}

describe('errors.csv from error groups renumbered in parallel', () => {
  let t: TestStack;
  before(async () => {
    t = await startTestStack({
      environment: { CHUNK_TARGET_BYTES: String(64 * 1024), MIN_CHUNK_BYTES: '1024', ERRORS_GROUP_BYTES: String(5 * MiB) },
    });
  });
  after(() => t?.stop());

  test('every rejected row once, in order, with its file line; the RenumberErrors Map ran', async () => {
    // act
    await t.put('input', 'groups/bad.csv', allBad());
    const summary = await t.waitForSummary('groups/bad.csv', 120_000);
    // assert
    assert.equal(summary.status, 'SUCCEEDED', summary.reason);
    assert.deepEqual([summary.rowsIn, summary.rowsScored, summary.rowsRejected], [ROWS, 0, ROWS]);
    const text = await t.getText('output', 'groups/bad.errors.csv');
    assert.ok(text.length > 5 * MiB, `${text.length} bytes of errors: more than one group`);
    const errors = parse(text, { columns: true }) as { line: string; record: string; reason: string }[];
    assert.equal(errors.length, ROWS);
    assert.ok(
      errors.every((e, i) => Number(e.line) === i + 2 && e.record === '5.9,abc,5.1,2.3'),
      'lines 2 … ROWS + 1, in order',
    );
    const [job] = await jobsFor(t.dynamodb, 'groups/bad.csv');
    const history = await t.sfn.send(new GetExecutionHistoryCommand({ executionArn: job!.executionArn!, maxResults: 1000 }));
    const entered = (history.events ?? []).filter((e) => e.type?.endsWith('StateEntered')).map((e) => e.stateEnteredEventDetails!.name);
    assert.deepEqual(entered, ['Start', 'Plan', 'ScoreChunks', 'Finalize', 'RenumberErrors', 'Finalize']);
    // Two map runs, a Finalize that threw to start the second: the job's own count still equals the meter's.
    const { view, metered } = await viewAndMeter(t, 'groups/bad.csv');
    assertUnitsEqualMeter(view.billing.units, metered);
  });
});
