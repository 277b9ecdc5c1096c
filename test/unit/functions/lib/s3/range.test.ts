import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rangeHeader } from '../../../../../functions/lib/s3/range.ts';

test('range header is inclusive of the last byte', () => {
  assert.equal(rangeHeader(0, 10), 'bytes=0-9');
  assert.equal(rangeHeader(100, 101), 'bytes=100-100');
  assert.throws(() => rangeHeader(5, 5), RangeError);
  assert.throws(() => rangeHeader(-1, 5), RangeError);
});
