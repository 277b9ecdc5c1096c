import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { decodeDotSegments, encodeDotSegments, installDotSegmentEncoding } from '../../../../local/s3/dot-segments.ts';
import { parseS3Target, validateTarget } from '../../../../local/s3/parse-request.ts';
import { FilesystemStore } from '../../../../local/s3/s3rver-module.ts';

test('dot segments and & are escaped reversibly; other keys are stored as they are', () => {
  const keys = ['../evil.csv', 'a/../../b.csv', './x', '.hidden/.env', 'a&b=c?d#e.csv', '&2e&26.csv', 'plain/key.csv', 'a..b/c.'];

  const encoded = keys.map(encodeDotSegments);

  assert.deepEqual(encoded.slice(0, 3), ['&2e./evil.csv', 'a/&2e./&2e./b.csv', '&2e/x']);
  assert.equal(encodeDotSegments('plain/key.csv'), 'plain/key.csv');
  assert.ok(encoded.every((path) => path.split('/').every((segment) => segment !== '.' && segment !== '..')));
  assert.deepEqual(encoded.map(decodeDotSegments), keys);
});

test('the encoding of a key prefix is a prefix of the encoded key (s3rver lists by encoded prefix)', () => {
  const key = 'a/../.b&c/..d';
  for (let i = 0; i <= key.length; i++) assert.ok(encodeDotSegments(key).startsWith(encodeDotSegments(key.slice(0, i))), key.slice(0, i));
});

test('with the encoding installed, a ../ key stays inside its bucket folder', () => {
  installDotSegmentEncoding();
  const store = new FilesystemStore('/data/buckets');

  const path = store.getResourcePath('input', '../../../etc/passwd', 'object');

  assert.ok(path.startsWith(join('/data/buckets', 'input') + '/'), path);
});

test('the request path is taken as sent: ../ in a key is not resolved away, and is accepted', () => {
  const target = parseS3Target('/input/a/../../b.csv?x-id=PutObject', '127.0.0.1:4566');

  assert.equal(target.bucket, 'input');
  assert.equal(target.key, 'a/../../b.csv');
  assert.equal(target.backendPath, '/input/a/../../b.csv?x-id=PutObject');
  assert.doesNotThrow(() => validateTarget(target));
  assert.equal(parseS3Target('/input/%2E%2E/x.csv', undefined).key, '../x.csv');
  assert.equal(parseS3Target('http://127.0.0.1:4566/input/k.csv?a=1', undefined).key, 'k.csv');
});
