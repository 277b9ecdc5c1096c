import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  classifyRangeHeader,
  encodeKeyPath,
  isAwsChunked,
  parseCopySource,
  parseCopySourceRange,
  parseS3Target,
} from '../../../../local/s3/parse-request.ts';

test('path-style targets decode bucket and key and keep the query', () => {
  const target = parseS3Target('/input/dir/my%20file%2B1.csv?uploadId=abc&partNumber=2', '127.0.0.1:4566');
  assert.equal(target.bucket, 'input');
  assert.equal(target.key, 'dir/my file+1.csv');
  assert.equal(target.query.get('uploadId'), 'abc');
  assert.equal(parseS3Target('/', undefined).bucket, undefined);
  assert.equal(parseS3Target('/input', undefined).key, undefined);
});

test('<bucket>.localhost virtual-host addressing becomes path-style', () => {
  const target = parseS3Target('/a.csv', 'input.localhost:4566');
  assert.equal(target.bucket, 'input');
  assert.equal(target.key, 'a.csv');
});

test('`.`/`..` segments and doubled slashes are kept literally in the key (S3 keys, never resolved as a path)', () => {
  assert.equal(parseS3Target('/input/../../x.csv', undefined).key, '../../x.csv');
  assert.equal(parseS3Target('/input/a//b.csv', undefined).key, 'a//b.csv');
  assert.equal(parseS3Target('/input//x', undefined).key, '/x');
});

test('a malformed percent-escape is InvalidURI', () => {
  assert.throws(() => parseS3Target('/input/%E0%A4%A.csv', undefined), { code: 'InvalidURI' });
});

test('copy sources: leading slash, encoding, versionId', () => {
  assert.deepEqual(parseCopySource('/output/dir/a%2Bb%20c.csv?versionId=v1'), { bucket: 'output', key: 'dir/a+b c.csv', versionId: 'v1' });
  assert.deepEqual(parseCopySource('output/k'), { bucket: 'output', key: 'k', versionId: undefined });
  assert.throws(() => parseCopySource('output'), { code: 'InvalidArgument' });
});

test('copy-source ranges must be bytes=first-last', () => {
  assert.deepEqual(parseCopySourceRange('bytes=0-99'), { start: 0, end: 99 });
  assert.equal(parseCopySourceRange(undefined), undefined);
  for (const bad of ['bytes=5-1', 'bytes=-5', 'bytes=5-', 'items=0-1'])
    assert.throws(() => parseCopySourceRange(bad), { code: 'InvalidArgument' });
});

test('Range headers: single ranges kept, suffix ranges need the size, the rest ignored as S3 does', () => {
  assert.deepEqual(classifyRangeHeader(undefined), { kind: 'keep' });
  assert.deepEqual(classifyRangeHeader('bytes=0-0'), { kind: 'keep' });
  assert.deepEqual(classifyRangeHeader('bytes=10-'), { kind: 'keep' });
  assert.deepEqual(classifyRangeHeader('bytes=-500'), { kind: 'suffix', length: 500 });
  assert.deepEqual(classifyRangeHeader('bytes=0-1,4-5'), { kind: 'drop' });
  assert.deepEqual(classifyRangeHeader('bytes=9-3'), { kind: 'drop' });
  assert.deepEqual(classifyRangeHeader('lines=1-2'), { kind: 'drop' });
});

test('aws-chunked bodies are recognised by content-encoding or streaming content-sha256', () => {
  assert.equal(isAwsChunked({ 'content-encoding': 'aws-chunked' }), true);
  assert.equal(isAwsChunked({ 'content-encoding': 'gzip, aws-chunked' }), true);
  assert.equal(isAwsChunked({ 'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' }), true);
  assert.equal(isAwsChunked({ 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }), false);
  assert.equal(isAwsChunked({ 'content-encoding': 'gzip' }), false);
});

test('encodeKeyPath encodes segments as the SDKs do', () => {
  assert.equal(encodeKeyPath("dir/a b+c(1)!*'.csv"), 'dir/a%20b%2Bc%281%29%21%2A%27.csv');
});
