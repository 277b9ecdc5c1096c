import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isJobId, jobView } from '../../../../../functions/lib/jobs/job-view.ts';
import type { JobRecord } from '../../../../../functions/lib/jobs/types.ts';
import { BILLING_NOTE } from '../../../../../functions/lib/billing/index.ts';

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
    billing: {
      units: {
        s3: { putCopyPostList: 0, getSelectOther: 0, free: 0 },
        dynamodb: { readRequests: 0, writeRequests: 0 },
        stepFunctions: { requests: 0, standardTransitions: 0, expressRequests: 0, expressBilledMs: 0, expressGbSeconds: 0 },
        lambda: { requests: 0, billedMs: 0, gbSeconds: 0 },
      },
      estimatedUsd: 0,
      note: BILLING_NOTE,
    },
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

test('job view shows the units its invocations recorded, Lambda GB-seconds from MB × ms', () => {
  const billed: JobRecord = {
    ...record,
    unitsS3PutCopyPostList: 10,
    unitsS3GetSelectOther: 7,
    unitsS3Free: 2,
    unitsDynamodbRead: 3,
    unitsDynamodbWrite: 16,
    unitsStepFunctions: 1,
    unitsStepFunctionsTransitions: 6,
    unitsStepFunctionsExpressRequests: 3,
    unitsStepFunctionsExpressBilledMs: 16_000,
    unitsLambdaRequests: 4,
    unitsLambdaBilledMs: 700,
    unitsLambdaMbMs: 700 * 2048,
  };

  const { units, estimatedUsd } = jobView(billed, 'output').billing;

  assert.deepEqual(units, {
    s3: { putCopyPostList: 10, getSelectOther: 7, free: 2 },
    dynamodb: { readRequests: 3, writeRequests: 16 },
    stepFunctions: { requests: 1, standardTransitions: 6, expressRequests: 3, expressBilledMs: 16_000, expressGbSeconds: 1 },
    lambda: { requests: 4, billedMs: 700, gbSeconds: 1.4 },
  });
  // 10 × $0.005/1000 + 7 × $0.0004/1000 + 3 × $0.125/1M + 16 × $0.625/1M + 6 × $0.025/1000 + 4 × $0.2/1M
  // + 1.4 GB-s × $0.0000166667; Express: 3 × $1/1M + 16 s at 64 MB = 1 GB-s × $0.00001667
  const expected = 0.00005 + 0.0000028 + 0.000000375 + 0.00001 + 0.00015 + 0.0000008 + 1.4 * 0.0000166667 + 0.000003 + 1 * 0.00001667;
  assert.ok(Math.abs(estimatedUsd - expected) <= expected * 1e-5, `${estimatedUsd} ≠ ${expected}`);
});
