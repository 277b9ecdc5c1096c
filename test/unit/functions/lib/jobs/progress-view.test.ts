import { test } from 'node:test';
import assert from 'node:assert/strict';
import { etaSeconds, jobProgress } from '../../../../../functions/lib/jobs/progress-view.ts';
import type { JobRecord } from '../../../../../functions/lib/jobs/types.ts';

const STARTED = '2026-12-02T10:00:00.000Z';
const running: JobRecord = {
  jobId: '0123456789abcdef01234567',
  bucket: 'input',
  key: 'big.csv',
  etag: 'e',
  versionId: null,
  size: 1000,
  status: 'RUNNING',
  executionName: 'big-csv-0123456789abcdef01234567',
  createdAt: STARTED,
  updatedAt: STARTED,
  startedAt: STARTED,
  outputKeys: { scored: 'big.scored.csv', errors: 'big.errors.csv', summary: 'big.summary.json' },
};
const at = (seconds: number) => new Date(Date.parse(STARTED) + seconds * 1000);

test('a running job shows its chunks and rows so far, percent by bytes, and the ETA at the rate since it started', () => {
  const record = { ...running, chunksTotal: 4, chunksDone: 1, bytesDone: 250, rowsScoredSoFar: 90, rowsRejectedSoFar: 3 };

  const progress = jobProgress(record, at(10));

  assert.deepEqual(progress, {
    chunksTotal: 4,
    chunksDone: 1,
    rowsScored: 90,
    rowsRejected: 3,
    bytesDone: 250,
    percent: 25,
    etaSeconds: 30,
  });
});

test('before Plan and before the first chunk: no total, nothing done, no ETA', () => {
  assert.deepEqual(jobProgress({ ...running, status: 'PENDING', startedAt: undefined }, at(5)), {
    chunksTotal: null,
    chunksDone: 0,
    rowsScored: 0,
    rowsRejected: 0,
    bytesDone: 0,
    percent: 0,
    etaSeconds: null,
  });
  assert.equal(jobProgress({ ...running, chunksTotal: 3 }, at(5)).etaSeconds, null);
});

test('percent keeps one decimal, rounded down, so an unfinished job never shows 100', () => {
  const progress = jobProgress({ ...running, size: 3000, bytesDone: 2999, chunksDone: 2 }, at(1));

  assert.equal(progress.percent, 99.9);
  assert.equal(progress.etaSeconds, 1);
});

test('a SUCCEEDED job is complete: all chunks, the final counts, 100 percent, no time left', () => {
  const record: JobRecord = {
    ...running,
    status: 'SUCCEEDED',
    chunksTotal: 3,
    chunksDone: 3,
    bytesDone: 1000,
    rowsScoredSoFar: 41,
    rowsRejectedSoFar: 2,
    rowsIn: 42,
    rowsScored: 40,
    rowsRejected: 2,
  };

  assert.deepEqual(jobProgress(record, at(60)), {
    chunksTotal: 3,
    chunksDone: 3,
    rowsScored: 40,
    rowsRejected: 2,
    bytesDone: 1000,
    percent: 100,
    etaSeconds: 0,
  });
});

test('a FAILED job keeps how far it got, without an ETA; an empty object has no percent', () => {
  const failed = jobProgress({ ...running, status: 'FAILED', chunksTotal: 4, chunksDone: 2, bytesDone: 500 }, at(10));
  const empty = jobProgress({ ...running, size: 0 }, at(10));

  assert.deepEqual([failed.chunksDone, failed.percent, failed.etaSeconds], [2, 50, null]);
  assert.deepEqual([empty.percent, empty.etaSeconds], [null, 0]);
});

test('the ETA needs a rate: bytes done and time passed since a parseable start', () => {
  assert.equal(etaSeconds(100, 1000, STARTED, at(0)), null);
  assert.equal(etaSeconds(100, 1000, 'not a date', at(10)), null);
  assert.equal(etaSeconds(0, 1000, STARTED, at(10)), null);
  assert.equal(etaSeconds(1000, 1000, STARTED, at(10)), 0);
  assert.equal(etaSeconds(400, 1000, STARTED, at(2)), 3);
});
