/**
 * The local S3 never reads, writes or deletes anything outside its data folder, whatever the request: canary files
 * (a plain file and an s3rver-style object) are planted beside the data folder and attacked through every
 * operation with `..` in bucket names, keys, copy sources and upload ids, absolute paths, NUL and overlong names.
 * Each attack gets S3's error (or, for a key, is stored as that key inside the data folder) and the canaries stay
 * as they were. Also: the S3 service opens no port of its own (the edge serves it), and no answer names another.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { CompleteMultipartUploadCommand, CreateMultipartUploadCommand, UploadPartCommand } from '@aws-sdk/client-s3';
import { startS3 } from '../../../local/s3/index.ts';
import { errorCode, rawRequest } from './s3-support.ts';
import { startS3UnderTest, type S3UnderTest } from '../../helpers/local-s3-client.ts';

const CANARY = 'canary bytes, never to be read or changed\n';

/** Plants the canaries in `<root>/outside`: a file, an s3rver-style object (content + metadata), an empty folder. */
async function plantCanaries(root: string): Promise<void> {
  const outside = join(root, 'outside');
  await mkdir(join(outside, 'empty-dir'), { recursive: true });
  await writeFile(join(outside, 'canary.txt'), CANARY);
  await writeFile(join(outside, 'canary.csv._S3rver_object'), CANARY);
  await writeFile(
    join(outside, 'canary.csv._S3rver_metadata.json'),
    JSON.stringify({
      'content-type': 'text/csv',
      etag: JSON.stringify(createHash('md5').update(CANARY).digest('hex')),
      'content-length': String(CANARY.length),
    }),
  );
}

/** Everything under `root` but the data folder: path → size, mtime and content hash (folders as `dir`). */
async function snapshotOutside(root: string, dataDir: string): Promise<Record<string, string>> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const snapshot: Record<string, string> = {};
  for (const entry of entries) {
    const path = join(entry.parentPath, entry.name);
    if (path === dataDir || path.startsWith(`${dataDir}/`)) continue;
    const info = await stat(path);
    snapshot[relative(root, path)] = entry.isDirectory()
      ? 'dir'
      : `${info.size} ${info.mtimeMs} ${createHash('md5')
          .update(await readFile(path))
          .digest('hex')}`;
  }
  return snapshot;
}

interface Attack {
  name: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  status: number;
  code?: string;
}

const UP = '..%2F..%2Foutside'; // from <data>/buckets (s3rver's root) to <root>/outside

function attacks(uploadId: string): Attack[] {
  const longSegment = 'a'.repeat(300);
  return [
    { name: 'CreateBucket ..', method: 'PUT', path: `/${UP}`, status: 400, code: 'InvalidBucketName' },
    { name: 'CreateBucket absolute', method: 'PUT', path: '/%2Ftmp%2Fs3-attack', status: 400, code: 'InvalidBucketName' },
    { name: 'DeleteBucket ..', method: 'DELETE', path: `/${UP}%2Fempty-dir`, status: 400, code: 'InvalidBucketName' },
    { name: 'DeleteBucket absolute', method: 'DELETE', path: '/%2Ftmp', status: 400, code: 'InvalidBucketName' },
    { name: 'ListObjectsV2 ..', method: 'GET', path: `/${UP}?list-type=2`, status: 400, code: 'InvalidBucketName' },
    { name: 'ListObjects ..', method: 'GET', path: `/${UP}`, status: 400, code: 'InvalidBucketName' },
    { name: 'PutObject .. bucket', method: 'PUT', path: `/${UP}/canary.txt`, body: 'overwritten', status: 400, code: 'InvalidBucketName' },
    { name: 'GetObject .. bucket', method: 'GET', path: `/${UP}/canary.csv`, status: 400, code: 'InvalidBucketName' },
    { name: 'HeadObject .. bucket', method: 'HEAD', path: `/${UP}/canary.csv`, status: 400 },
    { name: 'DeleteObject .. bucket', method: 'DELETE', path: `/${UP}/canary.csv`, status: 400, code: 'InvalidBucketName' },
    { name: 'bucket with NUL', method: 'PUT', path: '/out%00put/x.csv', body: 'x', status: 400, code: 'InvalidBucketName' },
    { name: 'GetObject .. key', method: 'GET', path: '/output/..%2F..%2F..%2Foutside%2Fcanary.txt', status: 404, code: 'NoSuchKey' },
    { name: 'GetObject raw .. segments', method: 'GET', path: '/output/../../../outside/canary.txt', status: 404, code: 'NoSuchKey' },
    { name: 'GetObject absolute key', method: 'GET', path: '/output//etc/passwd', status: 404, code: 'NoSuchKey' },
    { name: 'GetObject encoded absolute key', method: 'GET', path: '/output/%2Fetc%2Fpasswd', status: 404, code: 'NoSuchKey' },
    { name: 'DeleteObject .. key', method: 'DELETE', path: '/output/../../../outside/canary.txt', status: 204 },
    { name: 'PutObject overlong key', method: 'PUT', path: `/output/${'k'.repeat(1025)}`, body: 'x', status: 400, code: 'KeyTooLongError' },
    {
      name: 'CopyObject .. source bucket',
      method: 'PUT',
      path: '/output/stolen.csv',
      headers: { 'x-amz-copy-source': `${UP}/canary.csv` },
      status: 400,
      code: 'InvalidBucketName',
    },
    {
      name: 'CopyObject absolute source',
      method: 'PUT',
      path: '/output/stolen.csv',
      headers: { 'x-amz-copy-source': '/etc/passwd' },
      status: 404,
      code: 'NoSuchBucket',
    },
    {
      name: 'CopyObject .. source key',
      method: 'PUT',
      path: '/output/stolen.csv',
      headers: { 'x-amz-copy-source': 'output/..%2F..%2F..%2Foutside%2Fcanary.txt' },
      status: 404,
      code: 'NoSuchKey',
    },
    {
      name: 'UploadPartCopy .. source bucket',
      method: 'PUT',
      path: `/output/stolen.csv?partNumber=1&uploadId=${uploadId}`,
      headers: { 'x-amz-copy-source': `${UP}/canary.csv` },
      status: 400,
      code: 'InvalidBucketName',
    },
    {
      name: 'UploadPartCopy .. source range',
      method: 'PUT',
      path: `/output/stolen.csv?partNumber=2&uploadId=${uploadId}`,
      headers: { 'x-amz-copy-source': `${UP}/canary.csv`, 'x-amz-copy-source-range': 'bytes=0-5' },
      status: 400,
      code: 'InvalidBucketName',
    },
    { name: 'CreateMultipartUpload .. bucket', method: 'POST', path: `/${UP}/x.csv?uploads`, status: 400, code: 'InvalidBucketName' },
    {
      name: 'UploadPart .. upload id',
      method: 'PUT',
      path: `/output/x.csv?partNumber=1&uploadId=..%2F..%2F..%2Foutside`,
      body: 'x',
      status: 404,
      code: 'NoSuchUpload',
    },
    {
      name: 'CompleteMultipartUpload .. upload id',
      method: 'POST',
      path: '/output/x.csv?uploadId=..%2F..%2F..%2Foutside',
      body: '<CompleteMultipartUpload/>',
      status: 404,
      code: 'NoSuchUpload',
    },
    {
      name: 'AbortMultipartUpload .. upload id',
      method: 'DELETE',
      path: '/output/x.csv?uploadId=..%2F..%2F..%2Foutside%2Fempty-dir',
      status: 404,
      code: 'NoSuchUpload',
    },
    // Keys that look like paths are keys: stored inside the data folder, read back as written.
    { name: 'PutObject raw .. key', method: 'PUT', path: '/output/../../outside/canary.txt', body: 'a key, not a path', status: 200 },
    {
      name: 'PutObject encoded .. key',
      method: 'PUT',
      path: '/output/..%2F..%2Foutside%2Fcanary.csv',
      body: 'a key, not a path',
      status: 200,
    },
    { name: 'PutObject absolute key', method: 'PUT', path: '/output//tmp/s3-attack', body: 'a key, not a path', status: 200 },
    { name: 'PutObject key with NUL', method: 'PUT', path: '/output/..%00/canary.txt', body: 'a key, not a path', status: 200 },
    {
      name: 'PutObject overlong segment',
      method: 'PUT',
      path: `/output/${longSegment}/${longSegment}.csv`,
      body: 'a key, not a path',
      status: 200,
    },
    { name: 'DeleteObject raw .. key', method: 'DELETE', path: '/output/../../outside/canary.txt', status: 204 },
    { name: 'DeleteObject encoded .. key', method: 'DELETE', path: '/output/..%2F..%2Foutside%2Fcanary.csv', status: 204 },
  ];
}

describe('the local S3 stays inside its data folder', () => {
  let t: S3UnderTest;
  before(async () => {
    t = await startS3UnderTest('s3-escape');
  });
  after(async () => {
    await t.stop();
  });

  test("every operation with .., absolute paths, NUL or overlong names gets S3's error, and the canaries outside are untouched", async () => {
    // Prepare: canaries beside the data folder, one real multipart upload to aim part copies at
    await plantCanaries(t.root);
    const before = await snapshotOutside(t.root, t.dataDir);
    const { UploadId } = await t.client.send(new CreateMultipartUploadCommand({ Bucket: 'output', Key: 'stolen.csv' }));
    // Act
    const failures: string[] = [];
    for (const attack of attacks(UploadId!)) {
      const answer = await rawRequest(t.edge.url, attack.method, attack.path, attack.headers, attack.body);
      const code = errorCode(answer);
      if (answer.status !== attack.status || (attack.code !== undefined && code !== attack.code)) {
        failures.push(
          `${attack.name}: ${answer.status} ${code ?? answer.body.slice(0, 80)}, expected ${attack.status} ${attack.code ?? ''}`,
        );
      }
    }
    // Assert: S3's answers, the canaries as they were, and keys read back as the keys they are
    assert.deepEqual(failures, []);
    assert.deepEqual(await snapshotOutside(t.root, t.dataDir), before);
    const absolute = await rawRequest(t.edge.url, 'GET', '/output//tmp/s3-attack');
    assert.equal(absolute.body, 'a key, not a path');
    const withNul = await rawRequest(t.edge.url, 'GET', '/output/..%00/canary.txt');
    assert.equal(withNul.body, 'a key, not a path');
  });

  test('UploadPartCopy from a .. copy-source bucket reads nothing: no part is made and no .md5 appears beside the canary', async () => {
    // Prepare
    await plantCanaries(t.root);
    const key = 'part-copy-escape.csv';
    const { UploadId } = await t.client.send(new CreateMultipartUploadCommand({ Bucket: 'output', Key: key }));
    // Act
    const copied = await rawRequest(t.edge.url, 'PUT', `/output/${key}?partNumber=1&uploadId=${UploadId}`, {
      'x-amz-copy-source': `${UP}/canary.csv`,
    });
    // Assert
    assert.equal(copied.status, 400);
    assert.equal(errorCode(copied), 'InvalidBucketName');
    assert.doesNotMatch(copied.body, /canary bytes/);
    assert.deepEqual(
      (await readdir(join(t.root, 'outside'))).filter((name) => name.endsWith('.md5')),
      [],
    );
    await assert.rejects(
      t.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: 'output',
          Key: key,
          UploadId,
          MultipartUpload: { Parts: [{ PartNumber: 1, ETag: `"${createHash('md5').update(CANARY).digest('hex')}"` }] },
        }),
      ),
      { name: 'InvalidPart' },
    );
  });

  test("the S3 service listens on no port of its own, and CompleteMultipartUpload's Location is the edge's", async () => {
    // Prepare: count listening servers around a second S3 service's start; one completed upload
    const servers = (): number => process.getActiveResourcesInfo().filter((name) => name === 'TCPServerWrap').length;
    const listening = servers();
    const second = await startS3({ dataDir: join(t.root, 'second') });
    const added = servers() - listening;
    await second.stop();
    const key = 'location/object.csv';
    const { UploadId } = await t.client.send(new CreateMultipartUploadCommand({ Bucket: 'output', Key: key }));
    const part = await t.client.send(new UploadPartCommand({ Bucket: 'output', Key: key, UploadId, PartNumber: 1, Body: 'a,b\n' }));
    // Act
    const completed = await t.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'output',
        Key: key,
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
      }),
    );
    // Act: whatever the Location names, a `..` bucket PUT and DeleteBucket there
    await plantCanaries(t.root);
    const before = await snapshotOutside(t.root, t.dataDir);
    const origin = new URL(completed.Location!).origin;
    const planted = await rawRequest(origin, 'PUT', `/${UP}/planted.txt`, {}, 'planted');
    const removed = await rawRequest(origin, 'DELETE', `/${UP}%2Fempty-dir`);
    // Assert
    assert.equal(added, 0, 'startS3 opened a listening socket');
    assert.equal(origin, t.edge.url);
    assert.equal(new URL(completed.Location!).pathname, `/output/${key}`);
    assert.deepEqual(
      [planted.status, errorCode(planted), removed.status, errorCode(removed)],
      [400, 'InvalidBucketName', 400, 'InvalidBucketName'],
    );
    assert.deepEqual(await snapshotOutside(t.root, t.dataDir), before);
  });
});
