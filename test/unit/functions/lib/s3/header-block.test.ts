import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstRecordEnd, looksBinary, looksGzip } from '../../../../../functions/lib/s3/header-block.ts';
import { rangeHeader } from '../../../../../functions/lib/s3/range.ts';

test('first record ends after the first unquoted newline', () => {
  assert.equal(firstRecordEnd(Buffer.from('a,b\n1,2\n')), 4);
  assert.equal(firstRecordEnd(Buffer.from('a,b\r\n1,2\r\n')), 5);
  assert.equal(firstRecordEnd(Buffer.from('"a\nx",b\n1,2\n')), 8);
  assert.equal(firstRecordEnd(Buffer.from('"a""\n",b\n')), 9);
  assert.equal(firstRecordEnd(Buffer.from('a,b')), -1);
  assert.equal(firstRecordEnd(Buffer.from('"a\n')), -1);
});

test('binary and gzip detection', () => {
  assert.equal(looksGzip(Buffer.from([0x1f, 0x8b, 8, 0])), true);
  assert.equal(looksGzip(Buffer.from('a,b\n')), false);
  assert.equal(looksBinary(Buffer.from([0x50, 0x4b, 3, 4, 0, 0])), true);
  assert.equal(looksBinary(Buffer.from('sepal_length,sepal_width\n')), false);
});

test('range header is inclusive of the last byte', () => {
  assert.equal(rangeHeader(0, 10), 'bytes=0-9');
  assert.equal(rangeHeader(100, 101), 'bytes=100-100');
  assert.throws(() => rangeHeader(5, 5), RangeError);
  assert.throws(() => rangeHeader(-1, 5), RangeError);
});
