import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordSplitter } from '../../../../../../functions/lib/csv/record/RecordSplitter.ts';
import type { RecordSplitterOptions } from '../../../../../../functions/lib/csv/record/RecordSplitter.ts';

interface Seen {
  text: string;
  line: number;
  quoted?: boolean;
  oversized?: boolean;
  quoteOpenAtLimit?: boolean;
}

function split(input: string, pieceBytes = Infinity, maxRecordBytes = 1000): { records: Seen[]; lines: number } {
  const records: Seen[] = [];
  const splitter = new RecordSplitter(maxRecordBytes, {
    record: (data, start, end, line, quoted) => records.push({ text: data.toString('utf8', start, end), line, quoted }),
    oversized: (head, line, quoteOpenAtLimit) => records.push({ text: head.toString('utf8'), line, oversized: true, quoteOpenAtLimit }),
  });
  const bytes = Buffer.from(input);
  const size = Number.isFinite(pieceBytes) ? pieceBytes : Math.max(bytes.length, 1);
  for (let at = 0; at < bytes.length; at += size) splitter.push(bytes.subarray(at, at + size));
  splitter.end();
  return { records, lines: splitter.lines };
}

test('LF and CRLF records, last one without a terminator', () => {
  const { records, lines } = split('a,b\r\nc,d\ne,f');
  assert.deepEqual(records, [
    { text: 'a,b', line: 1, quoted: false },
    { text: 'c,d', line: 2, quoted: false },
    { text: 'e,f', line: 3, quoted: false },
  ]);
  assert.equal(lines, 2);
});

test('newlines inside quotes stay in the record and still count as lines', () => {
  const { records, lines } = split('1,"x\r\ny"\n2,"a""\nb"\n3,z\n');
  assert.deepEqual(
    records.map((r) => [r.text, r.line, r.quoted]),
    [
      ['1,"x\r\ny"', 1, true],
      ['2,"a""\nb"', 3, true],
      ['3,z', 5, false],
    ],
  );
  assert.equal(lines, 5);
});

test('any split of the input into pieces gives the same records', () => {
  const input = 'h1,h2\r\n1,"a\nb"\n\n2,"c,""d"""\r\n3,x\n"\n"\n4,y';
  const whole = split(input);
  for (let piece = 1; piece <= 9; piece++) assert.deepEqual(split(input, piece), whole, `piece ${piece}`);
});

test('empty lines are records of zero bytes (the scorer skips them)', () => {
  assert.deepEqual(
    split('\n\r\n').records.map((r) => r.text),
    ['', ''],
  );
});

test('a record over the limit is reported once, with its head, wherever the reads split it', () => {
  const input = `ok\n${'x'.repeat(50)}\nnext\n`;
  for (const piece of [Infinity, 7, 1]) {
    const { records, lines } = split(input, piece, 20);
    assert.deepEqual(
      records.map((r) => [r.text.slice(0, 5), r.line, r.oversized ?? false]),
      [
        ['ok', 1, false],
        ['xxxxx', 2, true],
        ['next', 3, false],
      ],
      `piece ${piece}`,
    );
    assert.equal(lines, 3);
  }
});

test('a CRLF terminator does not push a record of exactly the limit over it', () => {
  for (const piece of [Infinity, 20, 21, 1]) {
    const { records } = split(`${'y'.repeat(20)}\r\nz\r\n`, piece, 20);
    assert.equal(records[0].oversized, undefined, `piece ${piece}`);
    assert.equal(records[0].text.length, 20);
  }
});

test('an unterminated quote swallows the rest: one oversized, unclosed record', () => {
  const { records, lines } = split(`a\n"open${'\nrow'.repeat(20)}`, 5, 30);
  assert.equal(records.length, 2);
  assert.deepEqual([records[1].line, records[1].oversized, records[1].quoteOpenAtLimit], [2, true, true]);
  assert.equal(lines, 21);
});

test('an unterminated quote within the limit is handed on as a record (the field parser rejects it)', () => {
  const { records } = split('1,"open\n2,3');
  assert.deepEqual(records, [{ text: '1,"open\n2,3', line: 1, quoted: true }]);
});

interface RangeSplit {
  records: Seen[];
  lines: number;
  stoppedAt: number | null;
  endedOnRecordBoundary: boolean;
}

/** Splits `input` (then `after`, pushed once the input is in) with RecordSplitterOptions. */
function splitRange(input: string, options: RecordSplitterOptions, pieceBytes = Infinity, maxRecordBytes = 1000, after = ''): RangeSplit {
  const records: Seen[] = [];
  const splitter = new RecordSplitter(
    maxRecordBytes,
    {
      record: (data, start, end, line, quoted) => records.push({ text: data.toString('utf8', start, end), line, quoted }),
      oversized: (head, line, quoteOpenAtLimit) => records.push({ text: head.toString('utf8'), line, oversized: true, quoteOpenAtLimit }),
    },
    options,
  );
  const bytes = Buffer.from(input);
  const size = Number.isFinite(pieceBytes) ? pieceBytes : Math.max(bytes.length, 1);
  for (let at = 0; at < bytes.length; at += size) splitter.push(bytes.subarray(at, at + size));
  if (after) splitter.push(Buffer.from(after));
  splitter.end();
  return { records, lines: splitter.lines, stoppedAt: splitter.stoppedAt, endedOnRecordBoundary: splitter.endedOnRecordBoundary };
}

test('firstLine numbers the records from a line inside the file, quoted newlines counted', () => {
  const { records } = splitRange('a\n"b\r\nc"\r\nd', { firstLine: 10 });

  assert.deepEqual(
    records.map((r) => [r.text, r.line]),
    [
      ['a', 10],
      ['"b\r\nc"', 11],
      ['d', 13],
    ],
  );
});

test('stopAt: the split stops after the first record ending at or after it', () => {
  const input = 'a,1\nb,2\nc,3\nd,4\n'; // terminators at 3, 7, 11, 15
  const texts = (stopAt: number) => splitRange(input, { stopAt }).records.map((r) => r.text);

  assert.deepEqual(texts(0), ['a,1']);
  assert.deepEqual(texts(3), ['a,1']);
  assert.deepEqual(texts(4), ['a,1', 'b,2']);
  assert.deepEqual(texts(7), ['a,1', 'b,2']);
  assert.deepEqual(texts(8), ['a,1', 'b,2', 'c,3']);
  assert.deepEqual(texts(15), ['a,1', 'b,2', 'c,3', 'd,4']);
});

test('stopAt: stoppedAt is just past the last record, the input ends there on a boundary, for any piece size', () => {
  const input = 'a,1\r\n"b\n2"\r\nc,3\r\nd,4\r\n';
  const whole = splitRange(input, { stopAt: 6 });
  for (let piece = 1; piece <= 7; piece++) {
    const split = splitRange(input, { stopAt: 6 }, piece);

    assert.deepEqual(split, whole, `piece ${piece}`);
  }
  assert.deepEqual(
    whole.records.map((r) => r.text),
    ['a,1', '"b\n2"'],
  );
  assert.equal(whole.stoppedAt, input.indexOf('c,3'));
  assert.equal(whole.endedOnRecordBoundary, true);
  assert.equal(whole.lines, 3);
});

test('stopAt: pushes after the stop are ignored, and end() adds no record', () => {
  const split = splitRange('a\nb\nc', { stopAt: 2 }, Infinity, 1000, 'more\nrows\n');

  assert.deepEqual(
    split.records.map((r) => r.text),
    ['a', 'b'],
  );
  assert.equal(split.stoppedAt, 4);
  assert.equal(split.lines, 2);
});

test('stopAt: an over-long record at the stop is reported once, and the split stops after it', () => {
  const input = `ok\n${'x'.repeat(50)}\nnext\n`;
  for (const piece of [Infinity, 7, 1]) {
    const split = splitRange(input, { stopAt: 10 }, piece, 20);

    assert.deepEqual(
      split.records.map((r) => [r.text.slice(0, 3), r.oversized ?? false]),
      [
        ['ok', false],
        ['xxx', true],
      ],
      `piece ${piece}`,
    );
    assert.equal(split.stoppedAt, 54, `piece ${piece}`);
  }
});

test('stopAt not reached: the input is split to its end, and stoppedAt stays null', () => {
  const split = splitRange('a\nb\nc', { stopAt: 100 });

  assert.deepEqual(
    split.records.map((r) => r.text),
    ['a', 'b', 'c'],
  );
  assert.equal(split.stoppedAt, null);
});

test('endsFile false: the record still open where the input was cut off is over-long, whatever its length', () => {
  const plain = splitRange('a\nbbbbb', { endsFile: false });
  const quoted = splitRange('a\n"bb\nb', { endsFile: false });

  assert.deepEqual(plain.records, [
    { text: 'a', line: 1, quoted: false },
    { text: 'bbbbb', line: 2, oversized: true, quoteOpenAtLimit: false },
  ]);
  assert.deepEqual(quoted.records[1], { text: '"bb\nb', line: 2, oversized: true, quoteOpenAtLimit: true });
  assert.equal(plain.endedOnRecordBoundary, false);
});

test('an over-long record reads the same cut off or whole: the open-quote flag comes from its first maxRecordBytes', () => {
  const text = `a\n"${'b\n'.repeat(30)}`;
  const cutOff = splitRange(text, { endsFile: false }, 4, 20);
  const whole = splitRange(text, {}, 4, 20);
  const closedLater = splitRange(`a\n"${'b\n'.repeat(30)}"\n`, {}, 4, 20);
  const quoteAfterLimit = splitRange(`a\n${'b'.repeat(30)}"x"\n`, {}, 4, 20);

  assert.deepEqual(cutOff.records[1], whole.records[1]);
  assert.deepEqual([whole.records[1].oversized, whole.records[1].quoteOpenAtLimit], [true, true]);
  assert.equal(closedLater.records[1].quoteOpenAtLimit, true, 'still open 20 bytes in, though it closes later');
  assert.equal(quoteAfterLimit.records[1].quoteOpenAtLimit, false, 'its quotes start past the limit');
});

test('endsFile true (the default): the open record within the limit is the last record', () => {
  const plain = splitRange('a\nbbbbb', { endsFile: true });

  assert.deepEqual(plain.records[1], { text: 'bbbbb', line: 2, quoted: false });
});

test('endsFile false with the input ending on a record boundary reports nothing over-long', () => {
  const split = splitRange('a\nb\n', { endsFile: false });

  assert.deepEqual(
    split.records.map((r) => [r.text, r.oversized ?? false]),
    [
      ['a', false],
      ['b', false],
    ],
  );
  assert.equal(split.endedOnRecordBoundary, true);
});
