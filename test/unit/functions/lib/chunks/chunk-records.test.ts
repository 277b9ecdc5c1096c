import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chunkReadEnd, openChunkRecords, recordsRange } from '../../../../../functions/lib/chunks/chunk-records.ts';
import type { ChunkRangeScan } from '../../../../../functions/lib/chunks/chunk-records.ts';
import { SegmentScanner } from '../../../../../functions/lib/chunks/segment-scan.ts';
import { exactStarts } from '../../../../../functions/lib/chunks/settle-chunks.ts';
import { nominalRanges } from '../../../../../functions/lib/chunks/plan-chunks.ts';
import type { ChunkSpan } from '../../../../../functions/lib/chunks/types.ts';
import { OVERSIZED_HEAD_BYTES } from '../../../../../functions/lib/csv/record/RecordSplitter.ts';
import { seededRandom } from '../../../../property/chunking-property.ts';
import { exactStartAfter, randomCsv, recordBoundaries, speculatedStart } from './record-oracle.ts';

/** Bytes [from, to) of `file` in pieces of `pieceBytes`, recording how far the reader pulled. */
function reader(file: Buffer, from: number, to: number, pieceBytes: number) {
  const pulled = { upTo: from, closed: false };
  async function* pieces(): AsyncGenerator<Uint8Array> {
    try {
      for (let at = from; at < to; at += pieceBytes) {
        pulled.upTo = Math.min(to, at + pieceBytes);
        // Plain Uint8Arrays, not Buffers: what a web stream hands over.
        yield new Uint8Array(file.subarray(at, Math.min(to, at + pieceBytes)));
      }
    } finally {
      pulled.closed = true;
    }
  }
  return { pieces: pieces(), pulled };
}

interface Opened {
  recordsFrom: number | null;
  firstLine: number;
  /** The records' bytes as handed on. */
  bytes: Buffer;
  scan: ChunkRangeScan;
  pulled: { upTo: number; closed: boolean };
}

/** Opens `span` of `file` read to `readEnd` (default: the end) in pieces, consumes the records' bytes and scans. */
async function open(file: Buffer, span: ChunkSpan, pieceBytes = 5, readEnd = file.length): Promise<Opened> {
  const { pieces, pulled } = reader(file, span.start, readEnd, pieceBytes);
  const records = await openChunkRecords(pieces, span);
  const parts: Buffer[] = [];
  for await (const part of records.bytes) parts.push(part);
  return { recordsFrom: records.recordsFrom, firstLine: records.firstLine, bytes: Buffer.concat(parts), scan: records.scan(), pulled };
}

function span(file: Buffer, start: number, end: number, index = 1): ChunkSpan {
  return { index, start, end, size: file.length };
}

const FILE = Buffer.from('h1,h2\n1,a\n2,b\n3,c\n4,d\n');

test('chunk 0 begins at byte 0, on line 1', async () => {
  const opened = await open(FILE, span(FILE, 0, 10, 0));

  assert.equal(opened.recordsFrom, 0);
  assert.equal(opened.firstLine, 1);
  assert.equal(opened.bytes.toString(), FILE.toString());
});

test('another chunk begins just past the first newline in its range, and hands on the bytes from there', async () => {
  // Range [8, 16) starts inside "1,a\n": the records begin at "2,b" (byte 10).
  const opened = await open(FILE, span(FILE, 8, 16));

  assert.equal(opened.recordsFrom, 10);
  assert.equal(opened.bytes.toString(), '2,b\n3,c\n4,d\n');
});

test('a range starting right after a newline still skips its first record (the previous chunk owns it)', async () => {
  const opened = await open(FILE, span(FILE, 10, 16));

  assert.equal(opened.recordsFrom, 14);
});

test('a newline as the last byte of the range makes the record at the range end its own', async () => {
  // "1,a\n" ends at byte 9: range [7, 10) owns the record starting at 10, the end of its range.
  const opened = await open(FILE, span(FILE, 7, 10), 3);

  assert.equal(opened.recordsFrom, 10);
  assert.equal(opened.firstLine, 2);
  assert.equal(opened.bytes.toString(), '2,b\n3,c\n4,d\n');
});

test('a range with no newline owns no record: nothing handed on, and the read stops at its end', async () => {
  const file = Buffer.from(`h\n${'x'.repeat(100)}\nlast\n`);
  const opened = await open(file, span(file, 20, 40), 4);

  assert.equal(opened.recordsFrom, null);
  assert.equal(opened.bytes.length, 0);
  assert.equal(opened.scan.lines, 0);
  assert.ok(opened.pulled.upTo <= 44, `read to ${opened.pulled.upTo}`);
  assert.equal(opened.pulled.closed, true);
});

test("a last chunk whose only newline is the file's last byte owns no record", async () => {
  const file = Buffer.from('a\nbbbbbb\n');
  const opened = await open(file, span(file, 4, 9));

  assert.equal(opened.recordsFrom, null);
  assert.equal(opened.scan.lines, 1);
});

test('a start inside a quoted field is speculated wrong; the range scans still give the exact starts', async () => {
  const file = Buffer.from(`h\n1,ok\n2,"x\ny\nz"\n3,ok\n4,ok\n`);
  const ranges = nominalRanges(file.length, 10); // range 1 = [10, 20) starts inside the quoted field
  const opened: Opened[] = [];
  for (const range of ranges) opened.push(await open(file, { ...range, size: file.length }, 3));

  const speculated = opened.map((o) => o.recordsFrom);
  const exact = exactStarts(opened.map((o) => o.scan.segment));

  assert.equal(speculated[1], file.indexOf('x') + 2, 'speculated past the quoted newline after "x"');
  assert.notEqual(speculated[1], exact[1]);
  assert.equal(exact[1], file.indexOf('3,ok'));
  assert.deepEqual(exact, expectedExact(file, ranges));
});

test('a given recordsFrom (a re-score) is used as is, with its line', async () => {
  const file = Buffer.from(`h\n1,ok\n2,"x\ny\nz"\n3,ok\n4,ok\n`);
  const at = file.indexOf('3,ok');
  const opened = await open(file, { ...span(file, 10, 20), recordsFrom: at }, 4);

  assert.equal(opened.recordsFrom, at);
  assert.equal(opened.firstLine, 1 + newlines(file, 10, at));
  assert.equal(opened.bytes.toString(), '3,ok\n4,ok\n');
});

test('a given recordsFrom of null owns no record, yet the range is still scanned', async () => {
  const file = Buffer.from(`h\n1,ok\n2,"x\ny\nz"\n3,ok\n4,ok\n`);
  const opened = await open(file, { ...span(file, 10, 20), recordsFrom: null }, 4);

  assert.equal(opened.recordsFrom, null);
  assert.equal(opened.bytes.length, 0);
  assert.deepEqual(opened.scan.segment, wholeScan(file, 10, 20));
  assert.equal(opened.scan.lines, newlines(file, 10, 20));
});

test('firstLine counts every newline before the start in the range: CRLF ones and quoted ones', async () => {
  const file = Buffer.from('h\r\n1,"a\r\nb"\r\n2,c\r\n"\n\n"\r\n3,d\r\n');
  const random = seededRandom(5);
  for (let start = 1; start < file.length - 1; start++) {
    const end = start + 1 + random(file.length - start);
    const opened = await open(file, span(file, start, end), 1 + random(6));

    if (opened.recordsFrom === null) continue;
    assert.equal(opened.firstLine, 1 + newlines(file, start, opened.recordsFrom), `range [${start}, ${end})`);
    assert.equal(file[opened.recordsFrom - 1], 0x0a);
  }
});

test('random files: the speculated start, its line, the bytes handed on and the scan of the range', async () => {
  const random = seededRandom(17);
  for (let round = 0; round < 150; round++) {
    const file = randomCsv(random, 20 + random(200));
    const start = random(file.length);
    const end = start + 1 + random(file.length - start);
    const opened = await open(file, span(file, start, end, start === 0 ? 0 : 1), 1 + random(9));

    const expected = speculatedStart(file, start, end);
    const where = `round ${round}, range [${start}, ${end})`;
    assert.equal(opened.recordsFrom, expected, where);
    assert.equal(opened.firstLine, expected === null ? 1 : 1 + newlines(file, start, expected), where);
    assert.equal(opened.bytes.toString(), expected === null ? '' : file.subarray(expected).toString(), where);
    assert.deepEqual(
      opened.scan,
      { recordsFrom: expected, lines: newlines(file, start, end), segment: wholeScan(file, start, end) },
      where,
    );
  }
});

test('pieces of any size give the same records, line and scan', async () => {
  const random = seededRandom(29);
  for (let round = 0; round < 60; round++) {
    const file = randomCsv(random, 30 + random(150));
    const start = 1 + random(file.length - 1);
    const range = span(file, start, Math.min(file.length, start + 1 + random(40)));
    const whole = await open(file, range, file.length);
    for (let piece = 1; piece <= 7; piece++) {
      const opened = await open(file, range, piece);

      assert.deepEqual({ ...opened, pulled: undefined }, { ...whole, pulled: undefined }, `round ${round}, pieces of ${piece}`);
    }
  }
});

test('a read that stops short of the range end makes scan() throw instead of guessing', async () => {
  const range = span(FILE, 8, 20);
  const { pieces } = reader(FILE, 8, 17, 3);
  const records = await openChunkRecords(pieces, range);
  for await (const _ of records.bytes);

  assert.throws(() => records.scan(), /chunk 1 read to byte 17 of its range \[8, 20\)/);
});

test('a short read in a range that owns no record throws too', async () => {
  const file = Buffer.from(`h\n${'x'.repeat(50)}\n`);
  const { pieces } = reader(file, 10, 30, 4);
  const records = await openChunkRecords(pieces, span(file, 10, 40));

  assert.equal(records.recordsFrom, null);
  assert.throws(() => records.scan(), /read to byte 30 of its range \[10, 40\)/);
});

test('chunkReadEnd: one longest record (at least its error-row head) and a CRLF past the range; the last chunk reads to the end', () => {
  const size = 100_000;

  assert.equal(chunkReadEnd({ index: 0, start: 0, end: 1000, size }, 5000), 1000 + 5000 + 2);
  assert.equal(chunkReadEnd({ index: 0, start: 0, end: 1000, size }, 10), 1000 + OVERSIZED_HEAD_BYTES + 2);
  assert.equal(chunkReadEnd({ index: 3, start: 98_000, end: 99_000, size }, 5000), size);
  assert.equal(chunkReadEnd({ index: 4, start: 99_000, end: size, size }, 5000), size);
});

test('recordsRange: records stop past the range end, relative to where they began; none for the last chunk', () => {
  const size = 1000;
  const middle = { index: 1, start: 100, end: 200, size };
  const last = { index: 2, start: 200, end: size, size };

  assert.deepEqual(recordsRange(middle, { recordsFrom: 130, firstLine: 4 }, 500), { firstLine: 4, stopAt: 70, endsFile: false });
  assert.deepEqual(recordsRange(middle, { recordsFrom: 130, firstLine: 4 }, size), { firstLine: 4, stopAt: 70, endsFile: true });
  assert.deepEqual(recordsRange(middle, { recordsFrom: null, firstLine: 1 }, 500), { firstLine: 1, stopAt: undefined, endsFile: false });
  assert.deepEqual(recordsRange(last, { recordsFrom: 250, firstLine: 2 }, size), { firstLine: 2, stopAt: undefined, endsFile: true });
});

function newlines(file: Buffer, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) if (file[i] === 0x0a) count++;
  return count;
}

function wholeScan(file: Buffer, start: number, end: number) {
  const scanner = new SegmentScanner(start);
  scanner.push(file.subarray(start, end));
  return scanner.result();
}

/** Each range's exact start from the sequential oracle. */
function expectedExact(file: Buffer, ranges: { start: number }[]): (number | null)[] {
  const boundaries = recordBoundaries(file);
  return ranges.map((r) => exactStartAfter(boundaries, r.start));
}
