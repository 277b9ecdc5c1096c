/**
 * The batch path end to end: a CSV put in the input bucket (real S3 protocol, via the edge) is scored by the synthesized
 * workflow on the local Step Functions endpoint, invoking the real handlers in the local Lambda runtime.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32 } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { startTestStack, type TestStack } from '../helpers/local-stack.ts';
import { sampleText } from '../helpers/events.ts';

const BATCH_ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:batch-scoring';

describe('batch pipeline on the local stack', () => {
  let t: TestStack;
  before(async () => {
    // Small chunks so the 150-row sample spans several Map iterations.
    t = await startTestStack({ environment: { CHUNK_TARGET_BYTES: '1024', MIN_CHUNK_BYTES: '512' } });
  });
  after(() => t.stop());

  test('iris.csv comes back scored: every row, passthrough columns kept, accurate predictions', async () => {
    await t.put('input', 'runs/iris.csv', sampleText('csv/iris.csv'));

    const summary = await t.waitForSummary('runs/iris.csv');

    assert.equal(summary.status, 'SUCCEEDED', summary.reason);
    assert.equal(summary.rowsIn, 150);
    assert.equal(summary.rowsScored, 150);
    assert.equal(summary.rowsRejected, 0);
    assert.ok(summary.chunks > 1, `expected several chunks, got ${summary.chunks}`);
    const rows = parse(await t.getText('output', 'runs/iris.scored.csv'), { columns: true }) as Record<string, string>[];
    assert.equal(rows.length, 150);
    assert.deepEqual(
      rows.map((r) => Number(r.id)),
      Array.from({ length: 150 }, (_, i) => i + 1),
    );
    const correct = rows.filter((r) => r.label === r.species).length;
    assert.ok(correct / 150 >= 0.93, `accuracy ${correct / 150}`);
    assert.ok(['prediction', 'label', 'probability_setosa', 'probability_versicolor', 'probability_virginica'].every((c) => c in rows[0]!));
  });

  test('bad rows are rejected with line numbers and reasons; accounting is exact', async () => {
    await t.put('input', 'with errors.csv', sampleText('csv/with-errors.csv'));

    const summary = await t.waitForSummary('with errors.csv');

    assert.equal(summary.status, 'SUCCEEDED', summary.reason);
    assert.equal(summary.rowsIn, summary.rowsScored + summary.rowsRejected);
    assert.equal(summary.rowsIn, 5);
    const errors = parse(await t.getText('output', 'with errors.errors.csv'), { columns: true }) as Record<string, string>[];
    assert.equal(errors.length, summary.rowsRejected);
    assert.ok(errors.length >= 2);
    assert.ok(
      errors.every((e) => Number(e.line) > 1 && e.reason.length > 0),
      JSON.stringify(errors),
    );
  });

  test("the summary states each output's size and S3's full-object CRC-32 of its bytes; no SHA-256 by default", async () => {
    const summary = (await t.waitForSummary('with errors.csv')) as unknown as { files: Record<string, unknown> };
    const described = async (key: string) => {
      const bytes = Buffer.from(await t.getText('output', key));
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(crc32(bytes)); // the oracle: node:zlib over the bytes as downloaded
      return { key, bytes: bytes.length, crc32: crc.toString('base64'), sha256: null };
    };

    assert.deepEqual(summary.files, {
      scored: await described('with errors.scored.csv'),
      errors: await described('with errors.errors.csv'),
    });
  });

  test('one execution per object version, named from bucket, key and etag', async () => {
    const executions = await t.sfn.send(new ListExecutionsCommand({ stateMachineArn: BATCH_ARN }));

    const names = (executions.executions ?? []).map((e) => e.name ?? '');
    assert.equal(names.length, 2);
    assert.ok(
      names.every((n) => n.length <= 80 && !/[\s/:,;]/.test(n)),
      names.join(' '),
    );
  });
});

describe('a file smaller than mapConcurrency × the chunk target is spread over mapConcurrency chunks', () => {
  let t: TestStack;
  before(async () => {
    // Default 32 MiB target, tiny minimum: iris.csv (~5 KB) is split evenly in three, as a 16 MB file is on AWS.
    t = await startTestStack({ environment: { MIN_CHUNK_BYTES: '512' }, aws: { context: { mapConcurrency: 3 } } });
  });
  after(() => t.stop());

  test('three chunks scored at once, the output whole and in input order', async () => {
    await t.put('input', 'spread/iris.csv', sampleText('csv/iris.csv'));

    const summary = await t.waitForSummary('spread/iris.csv');

    assert.equal(summary.status, 'SUCCEEDED', summary.reason);
    assert.equal(summary.chunks, 3);
    assert.equal(summary.rowsScored, 150);
    const rows = parse(await t.getText('output', 'spread/iris.scored.csv'), { columns: true }) as Record<string, string>[];
    assert.deepEqual(
      rows.map((r) => Number(r.id)),
      Array.from({ length: 150 }, (_, i) => i + 1),
    );
  });
});
