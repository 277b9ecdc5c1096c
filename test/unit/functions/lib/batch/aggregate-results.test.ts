import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkChunksCoverObject,
  checkResultsTileObject,
  chunkLineOffsets,
  orderResults,
  totalResults,
} from '../../../../../functions/lib/batch/aggregate-results.ts';
import { AccountingError, CHUNK_CUT_INSIDE_RECORD, ChunkCutInsideRecordError } from '../../../../../functions/lib/batch/errors.ts';
import type { ChunkResult } from '../../../../../functions/lib/jobs/types.ts';

const result = (index: number, rowsScored: number, rowsRejected: number, lines = 0): ChunkResult => ({
  index,
  bytes: 10,
  endsOnRecordBoundary: true,
  rowsIn: rowsScored + rowsRejected,
  rowsScored,
  rowsRejected,
  scoredKey: `s${index}`,
  scoredBytes: rowsScored * 10,
  errorsKey: `e${index}`,
  errorsBytes: rowsRejected * 20,
  lines,
});

test('results are ordered by chunk index and totalled', () => {
  const ordered = orderResults([result(2, 5, 0), result(0, 3, 1), result(1, 4, 2)]);
  assert.deepEqual(
    ordered.map((r) => r.index),
    [0, 1, 2],
  );
  assert.deepEqual(totalResults(ordered), {
    chunks: 3,
    rowsIn: 15,
    rowsScored: 12,
    rowsRejected: 3,
    scoredBytes: 120,
    errorsBytes: 60,
  });
});

test('missing or duplicate chunks are an accounting error', () => {
  assert.throws(() => orderResults([result(0, 1, 0), result(2, 1, 0)]), AccountingError);
  assert.throws(() => orderResults([result(0, 1, 0), result(0, 1, 0)]), AccountingError);
});

test('a chunk whose rows do not add up fails the books (never silently lose rows)', () => {
  const lossy = { ...result(0, 3, 1), rowsIn: 5 };
  assert.throws(() => totalResults([lossy]), /lost rows: rowsIn 5/);
});

test('zero chunks total to zero rows', () => {
  assert.deepEqual(totalResults([]), { chunks: 0, rowsIn: 0, rowsScored: 0, rowsRejected: 0, scoredBytes: 0, errorsBytes: 0 });
});

test('line offsets: lines before each chunk', () => {
  assert.deepEqual(chunkLineOffsets([result(0, 1, 0, 10), result(1, 1, 0, 7), result(2, 1, 0, 3)]), [0, 10, 17]);
});

const CHUNKS = [0, 1, 2].map((index) => ({ index, start: index * 10, end: index * 10 + 10 }));

test('scored chunks must tile the object on record boundaries, or the job fails with the reason', () => {
  const three = [result(0, 1, 0), result(1, 1, 0), result(2, 1, 0)];
  checkResultsTileObject(CHUNKS, three, 30, true);
  checkResultsTileObject(CHUNKS, [three[0], three[1], { ...three[2], endsOnRecordBoundary: false }], 30, true); // the last may end anyhow
  assert.throws(
    () => checkResultsTileObject(CHUNKS, [three[0], { ...three[1], endsOnRecordBoundary: false }, three[2]], 30, true),
    (e: Error) => e instanceof AccountingError && /chunk 1 \(bytes 10-20\) does not end on a record boundary/.test(e.message),
  );
  assert.throws(
    () => checkResultsTileObject(CHUNKS, [three[0], { ...three[1], bytes: 9 }, three[2]], 30, false),
    /chunk 1 read 9 of the 10 bytes/,
  );
  assert.throws(() => checkResultsTileObject(CHUNKS, [three[0], three[2]], 30, true), /2 chunk results for 3 planned chunks/);
  assert.throws(
    () => checkResultsTileObject(CHUNKS, [three[0], three[2], three[1]], 30, true),
    /chunk result 2 where chunk 1 was expected/,
  );
  assert.throws(() => checkResultsTileObject(CHUNKS, three, 31, true), /covers 30 of 31 bytes/);
});

test('presumed cuts that fell inside a record ask for exact cuts instead of failing the job', () => {
  const three = [result(0, 1, 0), { ...result(1, 1, 0), endsOnRecordBoundary: false }, result(2, 1, 0)];
  assert.throws(() => checkResultsTileObject(CHUNKS, three, 30, false), ChunkCutInsideRecordError);
  assert.equal(new ChunkCutInsideRecordError('x').name, CHUNK_CUT_INSIDE_RECORD);
});

test('chunk plan must tile the object exactly', () => {
  checkChunksCoverObject(
    [
      { index: 0, start: 0, end: 5 },
      { index: 1, start: 5, end: 9 },
    ],
    9,
  );
  assert.throws(
    () =>
      checkChunksCoverObject(
        [
          { index: 0, start: 0, end: 5 },
          { index: 1, start: 6, end: 9 },
        ],
        9,
      ),
    AccountingError,
  );
  assert.throws(() => checkChunksCoverObject([{ index: 0, start: 0, end: 5 }], 9), AccountingError);
  assert.throws(() => checkChunksCoverObject([{ index: 1, start: 0, end: 9 }], 9), AccountingError);
});
