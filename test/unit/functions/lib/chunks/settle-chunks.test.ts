import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { exactStarts, settleChunks } from '../../../../../functions/lib/chunks/settle-chunks.ts';
import type { ChunkSettlement, MisplacedChunk } from '../../../../../functions/lib/chunks/settle-chunks.ts';
import { SegmentScanner } from '../../../../../functions/lib/chunks/segment-scan.ts';
import { nominalRanges } from '../../../../../functions/lib/chunks/plan-chunks.ts';
import { chunkReadEnd, openChunkRecords, recordsRange } from '../../../../../functions/lib/chunks/chunk-records.ts';
import type { ByteRange, ChunkSpan } from '../../../../../functions/lib/chunks/types.ts';
import { scoreChunk } from '../../../../../functions/lib/csv/chunk-pipeline.ts';
import type { ColumnMapping } from '../../../../../functions/lib/csv/types.ts';
import { seededRandom } from '../../../../property/chunking-property.ts';
import type { Random } from '../../../../property/chunking-property.ts';
import { collect, fakeModel } from '../csv/fake-model.ts';
import { exactStartAfter, randomCsv, recordBoundaries, speculatedStart } from './record-oracle.ts';

/** The scan of a range, fed in pieces of `pieceBytes`. */
function segmentOf(file: Buffer, range: ByteRange, pieceBytes = 3) {
  const scanner = new SegmentScanner(range.start);
  for (let at = range.start; at < range.end; at += pieceBytes) scanner.push(file.subarray(at, Math.min(range.end, at + pieceBytes)));
  return scanner.result();
}

/** A chunk owns the records beginning in [its exact start, its range end], none at the end of the file. */
function owned(start: number | null, range: ByteRange, size: number): number | null {
  return start !== null && start <= range.end && start < size ? start : null;
}

/**
 * Every chunk's result as it must be, from the sequential oracle: records from its exact start (when it owns one) to
 * the end of the record that holds its range end, which is where the next chunk's exact start (or the file) is.
 */
function rightResults(file: Buffer, ranges: ByteRange[]): ChunkSettlement[] {
  const boundaries = recordBoundaries(file);
  return ranges.map((range) => {
    const recordsFrom = owned(exactStartAfter(boundaries, range.start), range, file.length);
    const recordsTo = recordsFrom === null ? null : (boundaries.find((b) => b > range.end) ?? file.length);
    return { index: range.index, recordsFrom, recordsTo, segment: segmentOf(file, range) };
  });
}

// Boundaries 2, 7, 17, 22, 27; the quoted field runs over bytes 9-15.
const FILE = Buffer.from('h\n1,ok\n2,"x\ny\nz"\n3,ok\n4,ok\n');
const RANGES = nominalRanges(FILE.length, 10); // [0,10) [10,20) [20,27)

test('chunks that began at their exact starts and end where the next ones begin are settled', () => {
  const results = rightResults(FILE, RANGES);

  const settled = settleChunks(RANGES, results, FILE.length, 100);

  assert.deepEqual(
    results.map((r) => [r.recordsFrom, r.recordsTo]),
    [
      [0, 17],
      [17, 22],
      [22, 27],
    ],
  );
  assert.deepEqual(settled, { ok: true });
});

test('a chunk that speculated its start inside a quoted field is misplaced, with its exact start', () => {
  const results = rightResults(FILE, RANGES);
  results[1] = { ...results[1], recordsFrom: FILE.indexOf('y'), recordsTo: 999 };

  const settled = settleChunks(RANGES, results, FILE.length, 100);

  assert.deepEqual(settled, { ok: false, misplaced: [{ index: 1, start: 10, end: 20, recordsFrom: 17 }] });
});

test('a chunk whose exact start lies past its range is misplaced with recordsFrom null when it claimed a record', () => {
  const ranges = nominalRanges(FILE.length, 3); // [12, 15) holds "y\nz": speculated 14, exact 17
  const results = rightResults(FILE, ranges);
  results[4] = { ...results[4], recordsFrom: 14, recordsTo: 17 };

  const settled = settleChunks(ranges, results, FILE.length, 100);

  assert.equal(results[4].index, 4);
  assert.deepEqual(settled, { ok: false, misplaced: [{ index: 4, start: 12, end: 15, recordsFrom: null }] });
});

test('a chunk that claimed no record where it owns one is misplaced, with its exact start', () => {
  const results = rightResults(FILE, RANGES);
  results[2] = { ...results[2], recordsFrom: null, recordsTo: null };

  const settled = settleChunks(RANGES, results, FILE.length, 100);

  assert.deepEqual(settled, { ok: false, misplaced: [{ index: 2, start: 20, end: 27, recordsFrom: 22 }] });
});

test("records that end anywhere but at the next chunk's exact start are broken, never accepted", () => {
  const results = rightResults(FILE, RANGES);
  const ending = (index: number, recordsTo: number | null) => results.map((r) => (r.index === index ? { ...r, recordsTo } : r));

  const short = settleChunks(RANGES, ending(1, 21), FILE.length, 100);
  const long = settleChunks(RANGES, ending(0, 22), FILE.length, 100);
  const lastShort = settleChunks(RANGES, ending(2, 26), FILE.length, 100);
  const lastOpen = settleChunks(RANGES, ending(2, null), FILE.length, 0);

  assert.deepEqual(short, { ok: false, broken: "chunk 1's records end at byte 21, but the next records begin at byte 22" });
  assert.deepEqual(long, { ok: false, broken: "chunk 0's records end at byte 22, but the next records begin at byte 17" });
  assert.deepEqual(lastShort, { ok: false, broken: "chunk 2's records end at byte 26, but the next records begin at byte 27" });
  assert.equal('broken' in lastOpen, true, 'the last chunk reads to the end: it never stops inside a record');
});

test('a record left open at the cut-off is accepted only when the next start is more than maxRecordBytes past the range', () => {
  // "2,xxx…" runs from byte 4 to 2006, past what chunk 0 [0, 50) reads: it stops inside it; chunks 1-39 own no record.
  const file = Buffer.from(`h\n1\n2,${'x'.repeat(2000)}\n3\n`);
  const ranges = nominalRanges(file.length, 50);
  const results = rightResults(file, ranges);
  results[0] = { ...results[0], recordsTo: null };
  const next = file.indexOf('3\n');

  const longer = settleChunks(ranges, results, file.length, 100);
  const notLonger = settleChunks(ranges, results, file.length, next - 50);

  assert.equal(next, 2007);
  assert.deepEqual(
    results.filter((r) => r.recordsFrom !== null).map((r) => [r.index, r.recordsFrom]),
    [
      [0, 0],
      [40, next],
    ],
  );
  assert.deepEqual(longer, { ok: true });
  assert.deepEqual(notLonger, {
    ok: false,
    broken: `chunk 0's records end at byte null, but the next records begin at byte ${next}`,
  });
});

test('exactStarts: none for no chunks; 0 for chunk 0; null once no record boundary follows', () => {
  const file = Buffer.from('a\nb\n"open\nc\nd\n');
  const ranges = nominalRanges(file.length, 2);

  const starts = exactStarts(ranges.map((r) => segmentOf(file, r)));

  assert.deepEqual(exactStarts([]), []);
  assert.deepEqual(starts, [0, 4, null, null, null, null, null]);
});

test("random files: the stitched exact starts are the sequential scan's, and settling finds exactly the misplaced chunks", () => {
  const random = seededRandom(20261202);
  let misplacedSeen = 0;
  for (let round = 0; round < 300; round++) {
    const file = randomCsv(random, 10 + random(120));
    const ranges = nominalRanges(file.length, 1 + random(30));
    const boundaries = recordBoundaries(file);
    const right = rightResults(file, ranges);
    const speculated = right.map((r, j) => ({
      ...r,
      recordsFrom: owned(speculatedStart(file, ranges[j].start, ranges[j].end), ranges[j], file.length),
    }));
    const expectedMisplaced: MisplacedChunk[] = ranges
      .filter((range) => speculated[range.index].recordsFrom !== right[range.index].recordsFrom)
      .map((range) => ({ ...range, recordsFrom: right[range.index].recordsFrom }));

    const exact = exactStarts(right.map((r) => r.segment));
    const settledRight = settleChunks(ranges, right, file.length, 1000);
    const settledSpeculated = settleChunks(ranges, speculated, file.length, 1000);

    const where = `round ${round}: ${JSON.stringify(file.toString())}`;
    assert.deepEqual(
      exact,
      ranges.map((r) => exactStartAfter(boundaries, r.start)),
      where,
    );
    assert.deepEqual(settledRight, { ok: true }, where);
    assert.deepEqual(settledSpeculated, expectedMisplaced.length === 0 ? { ok: true } : { ok: false, misplaced: expectedMisplaced }, where);
    misplacedSeen += expectedMisplaced.length;
    const owner = right.findIndex((r) => r.recordsTo !== null && r.recordsTo > 1);
    if (owner !== -1) {
      const broken = right.map((r, j) => (j === owner ? { ...r, recordsTo: (r.recordsTo as number) - 1 } : r));
      assert.equal('broken' in settleChunks(ranges, broken, file.length, 1000), true, where);
    }
  }
  assert.ok(misplacedSeen > 50, `only ${misplacedSeen} misplaced chunks in 300 files`);
});

/** A random file with a record longer than a chunk reads past its range (quoted or not, closed or not). */
function withLongRecord(random: Random): Buffer {
  const long = random(2) === 0 ? 'x'.repeat(1100 + random(600)) : `"${'ab\n'.repeat(400 + random(200))}`;
  const close = random(3) === 0 ? '' : '"\n';
  return Buffer.concat([randomCsv(random, random(60)), Buffer.from(`1,${long}${close}`), randomCsv(random, random(60))]);
}

const BY_POSITION: ColumnMapping = { by: 'position', hasHeader: false, width: 4, featureColumns: [0, 1, 2, 3] };

/** One chunk read and scored as the workflow does (its range and one longest record more, in pieces), as a settlement. */
async function scoredChunk(file: Buffer, chunk: ChunkSpan, maxRecordBytes: number, random: Random): Promise<ChunkSettlement> {
  const readEnd = chunkReadEnd(chunk, maxRecordBytes);
  const size = 1 + random(40);
  const pieces: Buffer[] = [];
  for (let at = chunk.start; at < readEnd; at += size) pieces.push(file.subarray(at, Math.min(readEnd, at + size)));
  const records = await openChunkRecords(Readable.from(pieces), chunk);
  const out = scoreChunk({
    input: records.bytes,
    columns: BY_POSITION,
    chunkIndex: chunk.index,
    model: fakeModel(),
    batchRows: 5,
    maxRecordBytes,
    range: recordsRange(chunk, records, readEnd),
  });
  const [, , counts] = await Promise.all([collect(out.scored), collect(out.errors), out.done]);
  const from = records.recordsFrom;
  return {
    index: chunk.index,
    recordsFrom: from,
    recordsTo: from === null || counts.recordsEnd === null ? null : from + counts.recordsEnd,
    segment: records.scan().segment,
  };
}

test('random files read and scored chunk by chunk: misplaced chunks re-scored from their exact starts settle', async () => {
  const random = seededRandom(4242);
  let cutOff = 0;
  let rescored = 0;
  for (let round = 0; round < 80; round++) {
    const file = round % 3 === 0 ? withLongRecord(random) : randomCsv(random, 50 + random(200));
    const ranges = nominalRanges(file.length, 1 + random(200));
    const maxRecordBytes = 1 + random(40);
    const score = (chunk: ChunkSpan) => scoredChunk(file, chunk, maxRecordBytes, random);
    const results: ChunkSettlement[] = [];
    for (const range of ranges) results.push(await score({ ...range, size: file.length }));

    const first = settleChunks(ranges, results, file.length, maxRecordBytes);
    const misplaced = 'misplaced' in first ? first.misplaced : [];
    for (const chunk of misplaced) results[chunk.index] = await score({ ...chunk, size: file.length });
    const second = settleChunks(ranges, results, file.length, maxRecordBytes);

    const where = `round ${round}: ${JSON.stringify(file.toString())}`;
    assert.equal('broken' in first, false, `${where}: ${JSON.stringify(first)}`);
    assert.deepEqual(second, { ok: true }, where);
    const boundaries = recordBoundaries(file);
    assert.deepEqual(
      results.map((r) => r.recordsFrom),
      ranges.map((range) => owned(exactStartAfter(boundaries, range.start), range, file.length)),
      where,
    );
    cutOff += results.filter((r) => r.recordsFrom !== null && r.recordsTo === null).length;
    rescored += misplaced.length;
  }
  assert.ok(cutOff > 0, 'some chunk stopped reading inside an over-long record');
  assert.ok(rescored > 0, 'some chunk was re-scored');
});

test('a record of exactly maxRecordBytes ending in CRLF is never accepted as left open at the cut-off', () => {
  // Chunk 0 [0, 10) owns the record starting at its end, byte 10: 20 bytes, then CRLF, so the next begins at 32. A
  // chunk reads one longest record and a CRLF past its range (chunkReadEnd), so it must have seen that record end.
  const maxRecordBytes = 20;
  const file = Buffer.from(`h\n1234567\n${'x'.repeat(maxRecordBytes)}\r\nz\n`);
  const ranges = nominalRanges(file.length, 10);
  const results = rightResults(file, ranges);
  results[0] = { ...results[0], recordsTo: null };

  const settled = settleChunks(ranges, results, file.length, maxRecordBytes);

  assert.equal(file.indexOf('x'), 10);
  assert.equal(file.indexOf('z'), 32);
  assert.deepEqual(settled, { ok: false, broken: "chunk 0's records end at byte null, but the next records begin at byte 32" });
});
