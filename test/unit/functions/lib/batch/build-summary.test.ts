import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSummary } from '../../../../../functions/lib/batch/build-summary.ts';

const job = {
  jobId: '0123456789abcdef01234567',
  bucket: 'input',
  key: 'a/b.csv',
  etag: 'e',
  versionId: null,
  size: 42,
  outputKeys: { scored: 'a/b.scored.csv', errors: 'a/b.errors.csv', summary: 'a/b.summary.json' },
};

test('succeeded summary: counts, outputs, model, timings', () => {
  const summary = buildSummary({
    job,
    outputBucket: 'output',
    status: 'SUCCEEDED',
    record: { createdAt: '2026-01-01T00:00:00.000Z', startedAt: '2026-01-01T00:00:00.100Z' },
    totals: { rowsIn: 3, rowsScored: 2, rowsRejected: 1, chunks: 1 },
    model: { name: 'iris', version: '1' },
    outputsWritten: true,
    finishedAt: new Date('2026-01-01T00:00:01.250Z'),
  });
  assert.deepEqual(summary, {
    jobId: job.jobId,
    status: 'SUCCEEDED',
    input: { bucket: 'input', key: 'a/b.csv', etag: 'e', versionId: null, size: 42 },
    outputs: { bucket: 'output', scored: 'a/b.scored.csv', errors: 'a/b.errors.csv' },
    rowsIn: 3,
    rowsScored: 2,
    rowsRejected: 1,
    model: { name: 'iris', version: '1' },
    timings: {
      createdAt: '2026-01-01T00:00:00.000Z',
      startedAt: '2026-01-01T00:00:00.100Z',
      finishedAt: '2026-01-01T00:00:01.250Z',
      durationMs: 1250,
    },
    chunks: 1,
  });
  assert.equal(summary.rowsIn, summary.rowsScored + summary.rowsRejected);
});

test('failed summary: reason, no outputs, zero rows, still balanced', () => {
  const summary = buildSummary({
    job,
    outputBucket: 'output',
    status: 'FAILED',
    reason: 'header does not match',
    outputsWritten: false,
    finishedAt: new Date('2026-01-01T00:00:00.000Z'),
  });
  assert.equal(summary.reason, 'header does not match');
  assert.deepEqual(summary.outputs, { bucket: 'output', scored: null, errors: null });
  assert.equal(summary.rowsIn, 0);
  assert.equal(summary.timings.startedAt, null);
  assert.equal(summary.timings.durationMs, 0);
  assert.equal(summary.model, null);
});

test('succeeded summary with the column mapping: which column fed which feature, and how', () => {
  const columns = [
    { feature: 'sepal_length', column: 'Sepal.Length', position: 1, match: 'normalised' as const },
    { feature: 'sepal_width', column: 'SW', position: 2, match: 'metadata' as const },
  ];

  const summary = buildSummary({
    job,
    outputBucket: 'output',
    status: 'SUCCEEDED',
    totals: { rowsIn: 1, rowsScored: 1, rowsRejected: 0, chunks: 1 },
    model: { name: 'iris', version: '1' },
    columns,
    outputsWritten: true,
    finishedAt: new Date('2026-01-01T00:00:01.000Z'),
  });

  assert.deepEqual(summary.columns, columns);
  assert.equal(summary.rowsScored, 1);
});
