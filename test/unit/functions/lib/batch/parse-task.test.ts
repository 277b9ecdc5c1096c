import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseChunkRef, parseChunkResults, parseJobRef, parseWorkflowError } from '../../../../../functions/lib/batch/parse-task.ts';
import { InvalidTaskPayloadError } from '../../../../../functions/lib/batch/errors.ts';

const job = {
  jobId: '0123456789abcdef01234567',
  bucket: 'input',
  key: 'a.csv',
  etag: 'e',
  versionId: null,
  size: 9,
  columns: {},
  outputKeys: { scored: 'a.scored.csv', errors: 'a.errors.csv', summary: 'a.summary.json' },
};

test('a well-formed job ref passes unchanged', () => {
  assert.equal(parseJobRef(job), job);
});

test('malformed job refs are refused with the field named', () => {
  assert.throws(() => parseJobRef(undefined), InvalidTaskPayloadError);
  assert.throws(() => parseJobRef({ ...job, jobId: 'x' }), /jobId/);
  assert.throws(() => parseJobRef({ ...job, size: -1 }), /size/);
  assert.throws(() => parseJobRef({ ...job, outputKeys: { scored: 'x' } }), /outputKeys/);
  assert.throws(() => parseJobRef({ ...job, sequencer: 17 }), /sequencer/);
});

test('the S3 sequencer travels in the job ref; refs from before it was carried still parse', () => {
  assert.equal(parseJobRef({ ...job, sequencer: '0055AED6DCD90281E5' }).sequencer, '0055AED6DCD90281E5');
  assert.equal(parseJobRef(job).sequencer, undefined);
});

test('chunk refs and results', () => {
  assert.deepEqual(parseChunkRef({ index: 1, start: 5, end: 9, extra: true }), { index: 1, start: 5, end: 9 });
  assert.throws(() => parseChunkRef({ index: 1, start: 9, end: 5 }), InvalidTaskPayloadError);
  const r = {
    index: 0,
    bytes: 9,
    lines: 2,
    endsOnRecordBoundary: true,
    rowsIn: 1,
    rowsScored: 1,
    rowsRejected: 0,
    scoredKey: 's',
    scoredBytes: 3,
    errorsKey: 'e',
    errorsBytes: 0,
  };
  assert.deepEqual(parseChunkResults([r]), [r]);
  assert.throws(() => parseChunkResults([{ ...r, rowsIn: '1' }]), /results\[0\]/);
  assert.throws(() => parseChunkResults([{ ...r, endsOnRecordBoundary: undefined }]), /results\[0\]/);
  assert.throws(() => parseChunkResults([{ ...r, bytes: undefined }]), /results\[0\]/);
  assert.throws(() => parseChunkResults({}), InvalidTaskPayloadError);
});

test('workflow error keeps only string Error/Cause', () => {
  assert.deepEqual(parseWorkflowError({ Error: 'E', Cause: 'C' }), { Error: 'E', Cause: 'C' });
  assert.deepEqual(parseWorkflowError(null), {});
});
