/**
 * Killing the local stack mid-job and starting it again on the same data folder loses no input and leaves no partial
 * output. Step Functions executions live in memory, so the new stack's first run of the reconcile-jobs schedule
 * (functions/reconcile-jobs.ts, fired when the stack has started) re-drives the interrupted job: same job id, one
 * record, one new execution, a complete scored.csv.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { DeleteItemCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { startTestStack, type TestStack } from '../../helpers/local-stack.ts';
import { exists, executionsFor, irisCsv, jobsFor, listKeys, waitFor } from './support.ts';

const ROWS = 10_000;
const CHUNKS = { CHUNK_TARGET_BYTES: '16384', MIN_CHUNK_BYTES: '8192' };

describe('a local stack restart in the middle of a job', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'restart-'));
  const body = irisCsv(ROWS);
  let second: TestStack | undefined;
  let interruptedJobId = '';
  let chunksDoneAtStop = 0;
  const functionLines: string[] = [];

  before(async () => {
    // One instance: the chunks run one after another, so the job is surely mid-way when we stop.
    const first = await startTestStack({ concurrency: 1, environment: CHUNKS, aws: { dataDir, fresh: true } });
    try {
      await first.put('input', 'restart/done.csv', irisCsv(20));
      const done = await first.waitForSummary('restart/done.csv');
      // An object whose event was lost: no job record, no outputs (as if the stack died before delivering it).
      await first.dynamodb.send(new DeleteItemCommand({ TableName: 'Jobs', Key: { jobId: { S: done.jobId } } }));
      for (const suffix of ['scored.csv', 'errors.csv', 'summary.json']) {
        await first.s3.send(new DeleteObjectCommand({ Bucket: 'output', Key: `restart/done.${suffix}` }));
      }

      await first.put('input', 'restart/big.csv', body);
      interruptedJobId = await waitFor('the big job to be RUNNING', async () => {
        const [job] = await jobsFor(first.dynamodb, 'restart/big.csv');
        return job?.status === 'RUNNING' ? job.jobId : undefined;
      });
      chunksDoneAtStop = await waitFor(
        'some chunks scored',
        async () => {
          const keys = await listKeys(first.s3, 'output', `_tmp/${interruptedJobId}/scored-`);
          return keys.length >= 2 ? keys.length : undefined;
        },
        30_000,
        20,
      );
      assert.equal(await exists(first.s3, 'output', 'restart/big.summary.json'), false, 'the job must still be running at the stop');
    } finally {
      await first.stop();
    }
    const log = { info: () => undefined, lambda: (line: string) => functionLines.push(line), access: () => undefined };
    second = await startTestStack({ concurrency: 2, environment: CHUNKS, log, lambdaLogs: true, aws: { dataDir, fresh: false } });
  });
  after(async () => {
    await second?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('the interrupted job is re-driven to a complete, correct scored.csv', async () => {
    const t = second!;

    const summary = await t.waitForSummary('restart/big.csv');

    console.log(`# restart: stopped with ${chunksDoneAtStop} of ${summary.chunks} chunks scored`);
    assert.ok(chunksDoneAtStop >= 2 && chunksDoneAtStop < summary.chunks);
    assert.ok(
      functionLines.some((l) => l.includes('job re-driven') && l.includes(interruptedJobId)),
      functionLines.join('\n'),
    );
    const record = await t.dynamodb.send(new GetItemCommand({ TableName: 'Jobs', Key: { jobId: { S: interruptedJobId } } }));
    assert.ok(record.Item?.recoveredAt?.S, 'the record says when it was re-driven');
    assert.equal(summary.status, 'SUCCEEDED', summary.reason);
    assert.equal(summary.jobId, interruptedJobId);
    assert.deepEqual([summary.rowsIn, summary.rowsScored, summary.rowsRejected], [ROWS, ROWS, 0], 'no row lost');
    const lines = (await t.getText('output', 'restart/big.scored.csv')).trim().split('\n');
    assert.equal(lines.length, ROWS + 1);
    assert.deepEqual(
      lines.slice(1).map((l) => Number(l.split(',')[0])),
      Array.from({ length: ROWS }, (_, i) => i + 1),
    );
    const jobs = await jobsFor(t.dynamodb, 'restart/big.csv');
    assert.deepEqual(
      jobs.map((j) => [j.jobId, j.status]),
      [[interruptedJobId, 'SUCCEEDED']],
      'one record',
    );
    assert.equal((await executionsFor(t.sfn, interruptedJobId)).length, 1, 'one execution on the new stack');
  });

  test('the re-driven output is byte-identical to an uninterrupted run of the same file', async () => {
    const t = second!;
    await t.put('input', 'restart/reference.csv', body);

    await t.waitForSummary('restart/reference.csv');
    await t.waitForSummary('restart/big.csv');

    const [expected, actual] = await Promise.all([
      t.getText('output', 'restart/reference.scored.csv'),
      t.getText('output', 'restart/big.scored.csv'),
    ]);
    assert.equal(actual, expected);
  });

  test('an object whose event was lost gets its job on restart', async () => {
    const t = second!;

    const summary = await t.waitForSummary('restart/done.csv');

    assert.equal(summary.status, 'SUCCEEDED', summary.reason);
    assert.equal(summary.rowsScored, 20);
    assert.equal((await jobsFor(t.dynamodb, 'restart/done.csv')).length, 1);
  });
});
