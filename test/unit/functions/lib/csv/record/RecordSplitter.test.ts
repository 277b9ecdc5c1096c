import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordSplitter } from '../../../../../../functions/lib/csv/record/RecordSplitter.ts';

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
