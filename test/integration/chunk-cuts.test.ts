/**
 * Chunking never changes the answer, end to end: files built to defeat chunk cuts, scored by the synthesized
 * workflow with the default chunk sizes (two chunks at once, as on a 2-way Map), give the one-chunk result.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { GetExecutionHistoryCommand, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { startTestStack, type TestStack } from '../helpers/local-stack.ts';

const MiB = 1024 * 1024;
const HEADER = 'sepal_length,sepal_width,petal_length,petal_width,note\n';
const GOOD = '5.1,3.5,1.4,0.2,ok\n';

/** The reproduction: a 300 KB quoted note full of newlines (phantom rows) placed across the 6 MiB cut of a 12 MiB file. */
function longFieldAcrossTheCut(): { bytes: Buffer; goodRows: number; noteLine: number } {
  const note = `4.9,3.0,1.4,0.2,"${'6.3,2.5,5.0,1.9,phantom\n'.repeat(12800)}end"\n`;
  const goodRows = Math.floor((12 * MiB - HEADER.length - note.length) / GOOD.length);
  const before = Math.floor((6 * MiB - HEADER.length - note.length / 2) / GOOD.length);
  const bytes = Buffer.from(HEADER + GOOD.repeat(before) + note + GOOD.repeat(goodRows - before));
  return { bytes, goodRows, noteLine: before + 2 };
}

/** A header, one good row, then a quote that never closes, filled up to `bytes` with row-like text. */
function unclosedQuote(bytes: number): Buffer {
  const head = `${HEADER}${GOOD}5.0,3.6,1.4,0.2,"never closed\n`;
  return Buffer.from(head + GOOD.repeat(Math.ceil((bytes - head.length) / GOOD.length)));
}

/** Top-level states the job's execution entered, in order. */
async function statesEntered(t: TestStack, jobId: string): Promise<string[]> {
  const stateMachineArn = 'arn:aws:states:us-east-1:000000000000:stateMachine:batch-scoring';
  const executions = (await t.sfn.send(new ListExecutionsCommand({ stateMachineArn }))).executions ?? [];
  const execution = executions.find((e) => e.name?.endsWith(jobId));
  assert.ok(execution, `no execution for job ${jobId}`);
  const history = await t.sfn.send(new GetExecutionHistoryCommand({ executionArn: execution.executionArn, maxResults: 1000 }));
  const topLevel = new Set(['Plan', 'ScoreChunks', 'Finalize', 'RescoreChunks', 'RenumberErrors', 'MarkFailed']);
  return (history.events ?? [])
    .filter((e) => e.type?.endsWith('StateEntered') && topLevel.has(e.stateEnteredEventDetails?.name ?? ''))
    .map((e) => e.stateEnteredEventDetails!.name!);
}

describe('chunk cuts on the local stack (default chunk sizes, mapConcurrency 2)', () => {
  let t: TestStack;
  before(async () => {
    t = await startTestStack({ aws: { context: { mapConcurrency: 2 } } });
  });
  after(() => t.stop());

  test('a 300 KB quoted field across the cut of a 12 MiB file: every row accounted for, the field rejected once', async () => {
    const file = longFieldAcrossTheCut();
    await t.put('input', 'cuts/long-note.csv', file.bytes);

    const summary = await t.waitForSummary('cuts/long-note.csv', 120_000);

    assert.equal(summary.status, 'SUCCEEDED', summary.reason);
    assert.equal(summary.chunks, 2);
    assert.deepEqual([summary.rowsIn, summary.rowsScored, summary.rowsRejected], [file.goodRows + 1, file.goodRows, 1]);
    const errors = parse(await t.getText('output', 'cuts/long-note.errors.csv'), { columns: true }) as Record<string, string>[];
    assert.equal(errors.length, 1);
    assert.equal(Number(errors[0].line), file.noteLine);
    assert.match(errors[0].reason, /record longer than 65536 bytes/);
    const scored = await t.getText('output', 'cuts/long-note.scored.csv');
    assert.equal(scored.split('\n').length - 2, file.goodRows, 'one scored line per good row, after the header');
    assert.ok(!scored.includes('phantom'), 'no line inside the quoted field was scored as a row');
    // Chunk 1 speculated its start outside quotes, inside the note: Finalize found it misplaced, and it was scored again.
    assert.deepEqual(await statesEntered(t, summary.jobId), ['Plan', 'ScoreChunks', 'Finalize', 'RescoreChunks', 'Finalize']);
  });

  test('an unclosed quote gives the same outcome at 4, 12 and 52 MB: one good row, one rejected record', async () => {
    const outcomes: string[] = [];
    for (const mb of [4, 12, 52]) {
      const key = `cuts/unclosed-${mb}.csv`;
      await t.put('input', key, unclosedQuote(mb * 1_000_000));

      const summary = await t.waitForSummary(key, 120_000);

      assert.equal(summary.status, 'SUCCEEDED', summary.reason);
      assert.deepEqual([summary.rowsIn, summary.rowsScored, summary.rowsRejected], [2, 1, 1], `${mb} MB`);
      const errors = await t.getText('output', key.replace('.csv', '.errors.csv'));
      assert.match(errors, /a quote that is never closed makes the rest of the input one record/);
      outcomes.push(errors);
    }
    assert.equal(new Set(outcomes).size, 1, 'errors.csv is the same at every size');
  });
});
