import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspectHead, looksBinary, looksGzip } from '../../../../../functions/lib/csv/inspect-head.ts';
import { firstRecordEnd } from '../../../../../functions/lib/csv/record/record-scan.ts';

const inspect = (text: string | Buffer, size = Buffer.byteLength(text), max = 65536) => {
  const block = Buffer.isBuffer(text) ? text : Buffer.from(text);
  return inspectHead(block, firstRecordEnd(block), size, max);
};

test('returns the header record without its terminator', () => {
  const ok = inspect('a,b,c,d\n1,2,3,4\n');
  assert.ok(ok.ok);
  assert.equal(ok.header.toString(), 'a,b,c,d');
  const noNewline = inspect('a,b,c,d');
  assert.ok(noNewline.ok && noNewline.header.toString() === 'a,b,c,d');
});

test('empty, gzip, binary, unterminated and blank headers fail with a clear reason', () => {
  const reasons = [
    inspect(Buffer.alloc(0), 0),
    inspect(Buffer.from([0x1f, 0x8b, 8, 0, 0])),
    inspect(Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 0x0a])),
    inspect('a'.repeat(100), 10_000, 100),
    inspect('\n1,2\n'),
  ].map((r) => (r.ok ? 'ok' : r.reason));
  assert.match(reasons[0], /empty object \(0 bytes\)/);
  assert.match(reasons[1], /gzip-compressed CSV is not supported; upload plain \.csv/);
  assert.match(reasons[2], /binary/);
  assert.match(reasons[3], /header row not terminated within the first 100 bytes/);
  assert.match(reasons[4], /no header row/);
});

test('CR-only line ends are refused with a reason saying so; a CR inside a quoted header name is not', () => {
  const crOnly = inspect('a,b,c,d\r1,2,3,4\r5,6,7,8\r');
  const crlf = inspect('a,b,c,d\r\n1,2,3,4\r\n');
  const quoted = inspect('"a\rb",b,c,d\n1,2,3,4\n');

  assert.ok(!crOnly.ok);
  assert.match(crOnly.reason, /CR-only line ends are not supported; use LF or CRLF/);
  assert.ok(crlf.ok && crlf.header.toString() === 'a,b,c,d');
  assert.ok(quoted.ok);
});

test('binary and gzip detection', () => {
  assert.equal(looksGzip(Buffer.from([0x1f, 0x8b, 8, 0])), true);
  assert.equal(looksGzip(Buffer.from('a,b\n')), false);
  assert.equal(looksBinary(Buffer.from([0x50, 0x4b, 3, 4, 0, 0])), true);
  assert.equal(looksBinary(Buffer.from('sepal_length,sepal_width\n')), false);
});

test('the CR check follows quote parity: quoted names before a bare CR, and a CR after a doubled quote', () => {
  const crOnlyQuoted = inspect('"a","b","c","d"\r1,2,3,4\r');
  const crAfterDoubledQuote = inspect('"x""\ry",b,c,d\n1,2,3,4\n');
  const crAfterQuotedField = inspect('"x""y"\r,b\n');

  assert.ok(!crOnlyQuoted.ok);
  assert.match(crOnlyQuoted.reason, /CR-only line ends are not supported/);
  assert.ok(crAfterDoubledQuote.ok);
  assert.ok(!crAfterQuotedField.ok);
});
