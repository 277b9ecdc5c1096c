import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { keyHash, StorePaths } from '../../../../local/s3/store-paths.ts';

const paths = new StorePaths('/data/s3');

test('an object is stored under the hash of its key: any key gives a short name inside its bucket', () => {
  for (const key of ['../../etc/passwd', '/x', 'x', 'a//b', 'a\u0000b', 'k'.repeat(1024), 'a.csv._S3rver_object/b']) {
    const record = paths.recordPath('input', key);
    assert.equal(record, join('/data/s3/store/input/objects', keyHash(key).slice(0, 2), `${keyHash(key)}.json`));
  }
  assert.notEqual(paths.recordPath('input', 'a//b'), paths.recordPath('input', 'a/b'));
  assert.notEqual(paths.recordPath('input', '/x'), paths.recordPath('input', 'x'));
});

test('bucket names, upload ids, part numbers and data generations outside their rules never become paths', () => {
  assert.throws(() => paths.bucketDir('..'), { code: 'InvalidBucketName' });
  assert.throws(() => paths.bucketDir('../../outside'), { code: 'InvalidBucketName' });
  assert.throws(() => paths.bucketDir('a..b'), { code: 'InvalidBucketName' });
  assert.throws(() => paths.bucketDir('/tmp'), { code: 'InvalidBucketName' });
  assert.throws(() => paths.uploadDir('input', '../x'), { code: 'NoSuchUpload' });
  assert.throws(() => paths.partPath('input', '0123456789abcdef0123456789abcdef', 0));
  assert.throws(() => paths.dataPath('input', 'k', '../../x'));
  assert.equal(
    paths.partPath('input', '0123456789abcdef0123456789abcdef', 10_000),
    '/data/s3/store/input/uploads/0123456789abcdef0123456789abcdef/10000',
  );
});
