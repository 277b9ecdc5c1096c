import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkChunksCoverObject,
  chunkLineOffsets,
  misplacedChunks,
  orderResults,
  replaceResults,
  totalResults,
} from '../../../../../functions/lib/batch/aggregate-results.ts';
import { AccountingError, CHUNKS_MISPLACED, ChunksMisplacedError } from '../../../../../functions/lib/batch/errors.ts';
import { SegmentScanner } from '../../../../../functions/lib/chunks/segment-scan.ts';
import type { ChunkRef, ChunkResult } from '../../../../../functions/lib/jobs/types.ts';

const NO_SEGMENT = { quotesOdd: false, boundaryIfStartOutside: null, boundaryIfStartInside: null };

const result = (index: number, rowsScored: number, rowsRejected: number, lines = 0): ChunkResult => ({
  index,
  recordsFrom: null,
  recordsTo: null,
  segment: NO_SEGMENT,
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

// Record boundaries 2, 7, 17, 22, 27; a quoted field with newlines over bytes 9-15.
const FILE = Buffer.from('h\n1,ok\n2,"x\ny\nz"\n3,ok\n4,ok\n');
const CHUNKS: ChunkRef[] = [0, 1, 2].map((index) => ({ index, start: index * 10, end: Math.min(FILE.length, index * 10 + 10) }));

/** The three chunks' results over FILE, their records where they must be: [0, 17), [17, 22), [22, 27). */
function settled(): ChunkResult[] {
  const records = [
    [0, 17],
    [17, 22],
    [22, 27],
  ];
  return CHUNKS.map((chunk) => {
    const scanner = new SegmentScanner(chunk.start);
    scanner.push(FILE.subarray(chunk.start, chunk.end));
    const [recordsFrom, recordsTo] = records[chunk.index];
    return { ...result(chunk.index, 1, 0), recordsFrom, recordsTo, segment: scanner.result() };
  });
}

test('chunks whose records begin at their exact starts and tile the object: nothing to re-score', () => {
  const misplaced = misplacedChunks(CHUNKS, settled(), FILE.length, 100);

  assert.deepEqual(misplaced, []);
});

test('a chunk that speculated its start inside a quoted field is returned with its exact start', () => {
  const results = settled();
  results[1] = { ...results[1], recordsFrom: 12, recordsTo: 14 };

  const misplaced = misplacedChunks(CHUNKS, results, FILE.length, 100);

  assert.deepEqual(misplaced, [{ index: 1, start: 10, end: 20, recordsFrom: 17 }]);
});

test("a chunk whose records do not end where the next one's begin fails the books with the reason", () => {
  const results = settled();
  results[1] = { ...results[1], recordsTo: 21 };

  assert.throws(
    () => misplacedChunks(CHUNKS, results, FILE.length, 100),
    (e: Error) =>
      e instanceof AccountingError &&
      e.message === "chunk 1's records end at byte 21, but the next records begin at byte 22: the chunks' rows are not the file's rows",
  );
});

test('results that do not match the plan one to one are an accounting error', () => {
  const three = settled();

  assert.throws(() => misplacedChunks(CHUNKS, [three[0], three[2]], FILE.length, 100), /2 chunk results for 3 planned chunks/);
  assert.throws(
    () => misplacedChunks(CHUNKS, [three[0], three[2], three[1]], FILE.length, 100),
    /chunk result 2 where chunk 1 was expected/,
  );
  assert.throws(() => misplacedChunks(CHUNKS, three, FILE.length + 1, 100), /covers 27 of 28 bytes/);
});

test('replaceResults puts the re-scored chunks in their places, and refuses one never planned', () => {
  const first = [result(0, 1, 0), result(1, 2, 0), result(2, 3, 0)];
  const again = { ...result(1, 5, 1), recordsFrom: 17 };

  const merged = replaceResults(first, [again]);

  assert.deepEqual(merged, [first[0], again, first[2]]);
  assert.deepEqual(first[1], result(1, 2, 0), 'the first results are left as they were');
  assert.throws(() => replaceResults(first, [result(3, 1, 0)]), /re-scored chunk 3 was never planned/);
});

test('misplaced chunks are an error the workflow catches by name', () => {
  assert.equal(new ChunksMisplacedError('x').name, CHUNKS_MISPLACED);
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
