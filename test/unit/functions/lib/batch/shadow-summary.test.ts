import { test } from 'node:test';
import assert from 'node:assert/strict';
import { totalResults } from '../../../../../functions/lib/batch/aggregate-results.ts';
import { buildSummary, shadowSummary } from '../../../../../functions/lib/batch/build-summary.ts';
import type { ChunkResult } from '../../../../../functions/lib/jobs/types.ts';

const PIN = { name: 'wine', version: '3', sha256: 'b'.repeat(64) };
const job = {
  jobId: '0123456789abcdef01234567',
  bucket: 'input',
  key: 'a/b.csv',
  etag: 'e',
  versionId: null,
  size: 42,
  outputKeys: { scored: 'a/b.scored.csv', errors: 'a/b.errors.csv', summary: 'a/b.summary.json' },
};

const result = (index: number, rowsScored: number, shadow?: ChunkResult['shadow']): ChunkResult => ({
  index,
  recordsFrom: null,
  recordsTo: null,
  segment: { quotesOdd: false, boundaryIfStartOutside: null, boundaryIfStartInside: null },
  rowsIn: rowsScored,
  rowsScored,
  rowsRejected: 0,
  scoredKey: `s${index}`,
  scoredBytes: 0,
  errorsKey: `e${index}`,
  errorsBytes: 0,
  lines: 0,
  ...(shadow ? { shadow } : {}),
});

test('the chunks shadow counts are summed like rowsScored', () => {
  const classifiers = totalResults([result(0, 4, { rows: 4, agreeing: 3 }), result(1, 6, { rows: 6, agreeing: 6 })]);
  const regressors = totalResults([
    result(0, 2, { rows: 2, agreeing: 1, absoluteDifference: 0.25 }),
    result(1, 3, { rows: 3, agreeing: 3, absoluteDifference: 0.5 }),
  ]);
  const notFinite = totalResults([
    result(0, 2, { rows: 2, agreeing: 1, absoluteDifference: null }),
    result(1, 3, { rows: 3, agreeing: 3, absoluteDifference: 0.5 }),
  ]);

  assert.deepEqual(classifiers.shadow, { rows: 10, agreeing: 9 });
  assert.deepEqual(regressors.shadow, { rows: 5, agreeing: 4, absoluteDifference: 0.75 });
  assert.deepEqual(notFinite.shadow, { rows: 5, agreeing: 4, absoluteDifference: null });
  assert.equal('shadow' in totalResults([result(0, 4)]), false);
});

test('a chunk whose shadow scored other rows than the model is an accounting error', () => {
  assert.throws(() => totalResults([result(0, 4, { rows: 3, agreeing: 3 })]), {
    name: 'AccountingError',
    message: "chunk 0's shadow model scored 3 rows, the model 4",
  });
});

test('the summary names the shadow version with its agreement; a regressor shadow also its mean absolute difference', () => {
  const summary = buildSummary({
    job,
    outputBucket: 'output',
    status: 'SUCCEEDED',
    totals: { rowsIn: 8, rowsScored: 8, rowsRejected: 0, chunks: 2, shadow: { rows: 8, agreeing: 6 } },
    model: { name: 'wine', version: '2', sha256: 'a'.repeat(64) },
    shadow: PIN,
    outputsWritten: true,
    finishedAt: new Date('2026-01-01T00:00:00.000Z'),
  });

  assert.deepEqual(summary.shadow, { ...PIN, rows: 8, agreement: 0.75 });
  assert.deepEqual(shadowSummary(PIN, { rows: 4, agreeing: 1, absoluteDifference: 2 }), {
    ...PIN,
    rows: 4,
    agreement: 0.25,
    meanAbsoluteDifference: 0.5,
  });
  assert.deepEqual(shadowSummary(PIN, { rows: 4, agreeing: 1, absoluteDifference: null }).meanAbsoluteDifference, null);
});

test('with no row scored the agreement is null; a job without a shadow has no shadow in its summary', () => {
  const failed = buildSummary({
    job,
    outputBucket: 'output',
    status: 'FAILED',
    reason: 'x',
    shadow: PIN,
    outputsWritten: false,
    finishedAt: new Date(0),
  });
  const plain = buildSummary({
    job,
    outputBucket: 'output',
    status: 'FAILED',
    reason: 'x',
    outputsWritten: false,
    finishedAt: new Date(0),
  });

  assert.deepEqual(failed.shadow, { ...PIN, rows: 0, agreement: null });
  assert.equal('shadow' in plain, false);
});
