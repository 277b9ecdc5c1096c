import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isJobId, jobView } from '../../../../../functions/lib/jobs/job-view.ts';
import type { JobRecord } from '../../../../../functions/lib/jobs/types.ts';

export const record: JobRecord = {
  jobId: '0123456789abcdef01234567',
  bucket: 'input',
  key: 'a/b.csv',
  etag: 'e',
  versionId: null,
  size: 10,
  status: 'SUCCEEDED',
  executionArn: 'arn:aws:states:us-east-1:000000000000:execution:batch-scoring:b-csv-0123456789abcdef01234567',
  executionName: 'b-csv-0123456789abcdef01234567',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:01.000Z',
  rowsIn: 3,
  rowsScored: 2,
  rowsRejected: 1,
  outputKeys: { scored: 'a/b.scored.csv', errors: 'a/b.errors.csv', summary: 'a/b.summary.json' },
};

test('job view shows state, counts and output keys', () => {
  assert.deepEqual(jobView(record, 'output'), {
    jobId: record.jobId,
    status: 'SUCCEEDED',
    input: { bucket: 'input', key: 'a/b.csv' },
    rowsIn: 3,
    rowsScored: 2,
    rowsRejected: 1,
    outputs: { bucket: 'output', scored: 'a/b.scored.csv', errors: 'a/b.errors.csv', summary: 'a/b.summary.json' },
    executionArn: record.executionArn,
    progress: { chunksTotal: null, chunksDone: 0, rowsScored: 2, rowsRejected: 1, bytesDone: 10, percent: 100, etaSeconds: 0 },
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  });
});

test('job view of a pending job has null counts; a failed one has its reason', () => {
  const { rowsIn: _a, rowsScored: _b, rowsRejected: _c, executionArn: _d, ...pending } = record;
  const view = jobView({ ...pending, status: 'PENDING' }, 'output');
  assert.equal(view.rowsIn, null);
  assert.equal(view.executionArn, null);
  assert.equal('reason' in view, false);
  assert.equal(jobView({ ...record, status: 'FAILED', reason: 'bad header' }, 'output').reason, 'bad header');
});

test('a running job shows its progress from the record, with the clock it is given', () => {
  const running: JobRecord = { ...record, status: 'RUNNING', startedAt: '2026-01-01T00:00:00.000Z', chunksTotal: 2, chunksDone: 1 };

  const view = jobView({ ...running, bytesDone: 5, rowsScoredSoFar: 1 }, 'output', new Date('2026-01-01T00:00:04.000Z'));

  assert.deepEqual(view.progress, {
    chunksTotal: 2,
    chunksDone: 1,
    rowsScored: 1,
    rowsRejected: 0,
    bytesDone: 5,
    percent: 50,
    etaSeconds: 4,
  });
  assert.equal('chunksCounted' in view.progress, false);
});

test('job id format', () => {
  assert.equal(isJobId('0123456789abcdef01234567'), true);
  // Owner records share the Jobs table: their ids are never a job id, so GET /jobs/{id} cannot show one.
  for (const bad of [
    '',
    'XYZ',
    '0123456789ABCDEF01234567',
    '0123456789abcdef0123456',
    '../etc',
    'owner#output/a.summary.json',
    undefined,
    42,
  ]) {
    assert.equal(isJobId(bad), false, String(bad));
  }
});

test('a job pinned to a stored model names its version and sha256', () => {
  const model = { name: 'wine', version: '2', sha256: 'a'.repeat(64) };

  assert.deepEqual(jobView({ ...record, model }, 'output').model, model);
  assert.equal('model' in jobView(record, 'output'), false);
});

test('job view names the shadow model version of a job that has one', () => {
  const shadow = { name: 'wine', version: '3', sha256: 'b'.repeat(64) };

  assert.deepEqual(jobView({ ...record, shadow }, 'output').shadow, shadow);
  assert.equal('shadow' in jobView(record, 'output'), false);
});
