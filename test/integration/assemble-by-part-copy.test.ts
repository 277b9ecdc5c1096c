/**
 * Finalize assembling scored.csv by server-side part copy, end to end: a file planned as two chunks whose scored
 * temp objects are each over S3's 5 MiB part minimum is put together with UploadPartCopy (one part per chunk) by the
 * local S3, and the result is byte for byte what scoring the whole file as one chunk gives. A chunk whose rows are
 * all rejected leaves a scored temp object under the part minimum between two big ones: it is streamed in one part
 * with the next chunk's output, the first still copied.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { MIN_PART_BYTES } from '../../functions/lib/s3/limits.ts';
import type { LogSink } from '../../local/types.ts';
import { startTestStack, type TestStack } from '../helpers/local-stack.ts';
import { scoreInOneChunk } from './bad-input/reference.ts';
import { waitFor } from './reliability/support.ts';

const KEY = 'assembly/two-parts.csv';
/**
 * Plan splits a file smaller than mapConcurrency × CHUNK_TARGET_BYTES evenly into as many chunks of at least
 * MIN_CHUNK_BYTES as fit: two for a file just over twice that. Each input chunk is over the part minimum, and its
 * scored rows are the input rows plus the prediction columns, so each scored temp object is a valid part too.
 */
const MIN_CHUNK_BYTES = MIN_PART_BYTES + 64 * 1024;
const CHUNK_TARGET_BYTES = 6 * 1024 * 1024;
const FILE_BYTES = 2 * MIN_CHUNK_BYTES + 128 * 1024;

/**
 * Iris rows with a long passthrough column: few rows (little inference) for many bytes. Rows starting in the byte
 * range `rejectedFrom`–`rejectedTo` have a sepal length that is not a number, so scoring rejects them.
 */
function wideIrisCsv(minBytes: number, rejectedFrom = Infinity, rejectedTo = Infinity): { body: Buffer; rows: number } {
  const measurements = ['5.1,3.5,1.4,0.2', '7.0,3.2,4.7,1.4', '6.3,3.3,6.0,2.5'];
  const lines = ['id,sepal_length,sepal_width,petal_length,petal_width,note'];
  let bytes = lines[0]!.length + 1;
  for (let i = 1; bytes < minBytes; i++) {
    const rejected = bytes >= rejectedFrom && bytes < rejectedTo;
    const line = `${i},${rejected ? `x${measurements[i % 3]}` : measurements[i % 3]},${'n'.repeat(200)}-${i}`;
    lines.push(line);
    bytes += line.length + 1;
  }
  return { body: Buffer.from(`${lines.join('\n')}\n`), rows: lines.length - 1 };
}

describe('scored.csv assembled by UploadPartCopy where S3 allows', () => {
  let t: TestStack;
  const lambdaLines: string[] = [];
  const sink: LogSink = { info: () => undefined, lambda: (line) => lambdaLines.push(line), access: () => undefined };
  before(async () => {
    t = await startTestStack({
      log: sink,
      lambdaLogs: true,
      environment: { CHUNK_TARGET_BYTES: String(CHUNK_TARGET_BYTES), MIN_CHUNK_BYTES: String(MIN_CHUNK_BYTES) },
    });
  });
  after(() => t?.stop());

  test('two chunks over 5 MiB each become one object by part copy, identical to one-chunk scoring', async () => {
    // prepare
    const { body, rows } = wideIrisCsv(FILE_BYTES);
    const reference = scoreInOneChunk(body);

    // act
    await t.put('input', KEY, body);
    const summary = await t.waitForSummary(KEY, 120_000);

    // assert
    assert.equal(summary.status, 'SUCCEEDED', summary.reason);
    assert.deepEqual([summary.rowsIn, summary.rowsScored, summary.chunks], [rows, rows, 2]);
    const finalizeLine = await waitFor('the Finalize log line of the job', async () =>
      lambdaLines.find((l) => l.includes('job state') && l.includes(summary.jobId) && l.includes('SUCCEEDED')),
    );
    assert.match(finalizeLine, /"assembly":"copy"/, 'Finalize assembled by UploadPartCopy, not by streaming');
    const head = await t.s3.send(new HeadObjectCommand({ Bucket: 'output', Key: summary.outputs.scored! }));
    assert.match(head.ETag ?? '', /-2"$/, 'a multipart object of one part per chunk');
    assert.ok((head.ContentLength ?? 0) > 2 * MIN_PART_BYTES, `${head.ContentLength} bytes`);
    const scored = await t.getText('output', summary.outputs.scored!);
    assert.ok(scored === (await reference).scored, 'scored.csv is byte-identical to one-chunk scoring');
  });

  test('a short chunk output between two big ones is streamed with the next, the first still copied', async () => {
    // prepare: three even chunks; the middle one's rows (but a margin around the planned cuts) are rejected
    const fileBytes = 3 * MIN_CHUNK_BYTES + 128 * 1024;
    const margin = 64 * 1024;
    const { body, rows } = wideIrisCsv(fileBytes, fileBytes / 3 + margin, (2 * fileBytes) / 3 - margin);
    const reference = await scoreInOneChunk(body);

    // act
    await t.put('input', 'assembly/short-middle.csv', body);
    const summary = await t.waitForSummary('assembly/short-middle.csv', 120_000);

    // assert
    assert.equal(summary.status, 'SUCCEEDED', summary.reason);
    assert.deepEqual([summary.rowsIn, summary.rowsRejected, summary.chunks], [rows, reference.rowsRejected, 3]);
    assert.ok(reference.rowsRejected > 0);
    const finalizeLine = await waitFor('the Finalize log line of the job', async () =>
      lambdaLines.find((l) => l.includes('job state') && l.includes(summary.jobId) && l.includes('SUCCEEDED')),
    );
    assert.match(finalizeLine, /"assembly":"mixed"/, 'one part copied, one streamed');
    const head = await t.s3.send(new HeadObjectCommand({ Bucket: 'output', Key: summary.outputs.scored! }));
    assert.match(head.ETag ?? '', /-2"$/, 'the first chunk copied as one part, the other two streamed as the second');
    const scored = await t.getText('output', summary.outputs.scored!);
    assert.ok(scored === reference.scored, 'scored.csv is byte-identical to one-chunk scoring');
  });
});
