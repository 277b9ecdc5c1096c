import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeS3EventKey } from '../../../../../functions/lib/s3/decode-key.ts';
import { MalformedEventKeyError } from '../../../../../functions/lib/s3/errors.ts';

test('S3 event keys: + is a space, %2B is a plus, UTF-8 escapes decode', () => {
  assert.equal(decodeS3EventKey('my+folder/a%2Bb.csv'), 'my folder/a+b.csv');
  assert.equal(decodeS3EventKey('%C3%BC%E6%95%B0.csv'), 'ü数.csv');
  assert.equal(decodeS3EventKey('a%25b%3F%23%26.csv'), 'a%b?#&.csv');
  assert.equal(decodeS3EventKey('plain/key.csv'), 'plain/key.csv');
});

test('the encoding AWS applies round-trips (form-style, space → +)', () => {
  for (const key of ['a b+c.csv', 'ünï côdé/数据 🙂.csv', '100% (final) [v2]; x=y&z.csv']) {
    const encoded = encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');
    assert.equal(decodeS3EventKey(encoded), key);
  }
});

test('malformed escapes are a clear error', () => {
  assert.throws(() => decodeS3EventKey('bad%E0%A4.csv'), MalformedEventKeyError);
});
