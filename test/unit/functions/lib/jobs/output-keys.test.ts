import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chunkRowGroupsKey,
  chunkTempKeys,
  deriveOutputKeys,
  errorsGroupKey,
  jobTempPrefix,
  parquetEndsKeys,
} from '../../../../../functions/lib/jobs/output-keys.ts';
import { UnsafeKeyError } from '../../../../../functions/lib/jobs/errors.ts';

test('output keys mirror the input key with .csv replaced', () => {
  assert.deepEqual(deriveOutputKeys('a/b.csv'), {
    scored: 'a/b.scored.csv',
    errors: 'a/b.errors.csv',
    summary: 'a/b.summary.json',
  });
  assert.deepEqual(deriveOutputKeys('IRIS.CSV').scored, 'IRIS.scored.csv');
  assert.deepEqual(deriveOutputKeys('x.csv.gz').summary, 'x.summary.json');
  assert.deepEqual(deriveOutputKeys('x.tsv').summary, 'x.tsv.summary.json');
});

test('".." segments stay literal key characters: never normalised into another prefix', () => {
  assert.equal(deriveOutputKeys('a/../../b.csv').scored, 'a/../../b.scored.csv');
  assert.equal(deriveOutputKeys('with space/ü+.csv').errors, 'with space/ü+.errors.csv');
});

test('keys that could break the mirror are refused', () => {
  for (const key of ['', '/etc/x.csv', 'a\nb.csv', '_tmp/abc/x.csv', `${'k'.repeat(1020)}.csv`]) {
    assert.throws(() => deriveOutputKeys(key), UnsafeKeyError, JSON.stringify(key));
  }
});

test('temp keys are deterministic, zero padded and under the job prefix', () => {
  const keys = chunkTempKeys('0123456789abcdef01234567', 7);
  assert.deepEqual(keys, {
    scoredKey: '_tmp/0123456789abcdef01234567/scored-00007.csv',
    errorsKey: '_tmp/0123456789abcdef01234567/errors-00007.csv',
  });
  assert.ok(keys.scoredKey.startsWith(jobTempPrefix('0123456789abcdef01234567')));
});

test('error group keys are deterministic, zero padded, under the job prefix and apart from the chunk keys', () => {
  const jobId = '0123456789abcdef01234567';

  const key = errorsGroupKey(jobId, 7);

  assert.equal(key, '_tmp/0123456789abcdef01234567/errors-group-00007.csv');
  assert.ok(key.startsWith(jobTempPrefix(jobId)));
  assert.notEqual(key, chunkTempKeys(jobId, 7).errorsKey);
});

test('a Parquet input is scored into <stem>.scored.parquet, whatever the suffix case; errors and summary as for CSV', () => {
  assert.deepEqual(deriveOutputKeys('a/b.parquet'), {
    scored: 'a/b.scored.parquet',
    errors: 'a/b.errors.csv',
    summary: 'a/b.summary.json',
  });
  assert.equal(deriveOutputKeys('X.PARQUET').scored, 'X.scored.parquet');
  assert.equal(deriveOutputKeys('y.ParQuet').summary, 'y.summary.json');
});

test("a Parquet job's temp keys: its chunks' .bin parts and row group JSON, the magic and footer, apart from each other", () => {
  const jobId = '0123456789abcdef01234567';
  const keys = [
    chunkTempKeys(jobId, 7, 'bin').scoredKey,
    chunkTempKeys(jobId, 7).errorsKey,
    chunkRowGroupsKey(jobId, 7),
    parquetEndsKeys(jobId).headKey,
    parquetEndsKeys(jobId).footerKey,
  ];
  assert.deepEqual(keys, [
    '_tmp/0123456789abcdef01234567/scored-00007.bin',
    '_tmp/0123456789abcdef01234567/errors-00007.csv',
    '_tmp/0123456789abcdef01234567/row-groups-00007.json',
    '_tmp/0123456789abcdef01234567/scored-head.bin',
    '_tmp/0123456789abcdef01234567/scored-footer.bin',
  ]);
});
