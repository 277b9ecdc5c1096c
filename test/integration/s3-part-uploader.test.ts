/**
 * functions/lib/s3/PartUploader against the local S3 over HTTP (the real SDK, the real protocol): one PutObject for
 * small outputs, parts for big ones, exact bytes whatever the write sizes, nothing visible after an abort or a failure.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { startS3UnderTest, type S3UnderTest } from '../helpers/local-s3-client.ts';
import { PartUploader } from '../../functions/lib/s3/PartUploader.ts';
import { keptPartBuffers } from '../../functions/lib/s3/part-buffers.ts';

const MiB = 1024 * 1024;

function pattern(size: number, seed: number): Buffer {
  const data = Buffer.alloc(size);
  for (let i = 0; i < size; i++) data[i] = (i * 131 + seed) & 0xff;
  return data;
}

/** Writes `data` in pieces of the given sizes (cycled), reusing one buffer for every piece as the scorer does. */
async function writeInPieces(uploader: PartUploader, data: Buffer, sizes: number[]): Promise<void> {
  const reused = Buffer.alloc(Math.max(...sizes));
  for (let at = 0, i = 0; at < data.length; i++) {
    const n = Math.min(sizes[i % sizes.length]!, data.length - at);
    data.copy(reused, 0, at, at + n);
    await uploader.write(reused.subarray(0, n));
    reused.fill(0xee); // the uploader must have copied the bytes already
    at += n;
  }
}

describe('PartUploader through the local S3', () => {
  let local: S3UnderTest;
  let client: S3Client;
  before(async () => {
    local = await startS3UnderTest('part-uploader');
    client = local.client;
  });
  after(() => local.stop());

  const read = async (key: string): Promise<Buffer> =>
    Buffer.from(await (await client.send(new GetObjectCommand({ Bucket: 'output', Key: key }))).Body!.transformToByteArray());
  const etag = async (key: string): Promise<string> =>
    String((await client.send(new HeadObjectCommand({ Bucket: 'output', Key: key }))).ETag);

  test('an output smaller than a part is one PutObject with the exact bytes', async () => {
    const data = pattern(300 * 1024 + 7, 1);
    const uploader = new PartUploader({ client, bucket: 'output', key: 'pu/small.csv', contentType: 'text/csv', partBytes: 5 * MiB });
    await writeInPieces(uploader, data, [1000, 65536, 3]);
    assert.equal(await uploader.end(), data.length);
    assert.ok((await read('pu/small.csv')).equals(data));
    assert.doesNotMatch(await etag('pu/small.csv'), /-\d+"$/); // a single PutObject, not a multipart object
  });

  test('an empty output is an empty object', async () => {
    const uploader = new PartUploader({ client, bucket: 'output', key: 'pu/empty.csv', contentType: 'text/csv' });
    assert.equal(await uploader.end(), 0);
    assert.equal((await read('pu/empty.csv')).length, 0);
  });

  test('a big output goes up in parts (full parts, then the rest) and reads back byte for byte', async () => {
    for (const [size, parts] of [
      [12 * MiB + 5, 3],
      [10 * MiB, 2],
    ] as const) {
      const data = pattern(size, size);
      const key = `pu/big-${size}.csv`;
      const uploader = new PartUploader({ client, bucket: 'output', key, contentType: 'text/csv', partBytes: 5 * MiB });
      await writeInPieces(uploader, data, [256 * 1024, 3 * MiB, 17]);
      assert.equal(await uploader.end(), size);
      assert.ok((await read(key)).equals(data), `${size} bytes differ`);
      assert.match(await etag(key), new RegExp(`-${parts}"$`));
    }
  });

  test('abort after some parts leaves no object', async () => {
    const uploader = new PartUploader({ client, bucket: 'output', key: 'pu/aborted.csv', contentType: 'text/csv', partBytes: 5 * MiB });
    await writeInPieces(uploader, pattern(11 * MiB, 3), [MiB]);
    await uploader.abort();
    await assert.rejects(client.send(new HeadObjectCommand({ Bucket: 'output', Key: 'pu/aborted.csv' })), { name: 'NotFound' });
  });

  test('a failing upload rejects write or end (never an unhandled rejection) and leaves no object', async () => {
    const uploader = new PartUploader({ client, bucket: 'no-such-bucket', key: 'pu/x.csv', contentType: 'text/csv', partBytes: 5 * MiB });
    await assert.rejects(
      async () => {
        await writeInPieces(uploader, pattern(16 * MiB, 4), [MiB]);
        await uploader.end();
      },
      { name: 'NoSuchBucket' },
    );
    await assert.rejects(client.send(new HeadObjectCommand({ Bucket: 'no-such-bucket', Key: 'pu/x.csv' })), { name: 'NotFound' });
  });

  test('uploads one after another reuse the part buffers and each object keeps its own bytes', async () => {
    // Prepare: two outputs of three parts each, different bytes.
    const first = pattern(11 * MiB + 3, 5);
    const second = pattern(11 * MiB + 9, 6);
    // Act: the second writes into the buffers the first gave back.
    const a = new PartUploader({ client, bucket: 'output', key: 'pu/reuse-a.csv', contentType: 'text/csv', partBytes: 5 * MiB });
    await writeInPieces(a, first, [MiB + 1]);
    await a.end();
    const keptAfterFirst = keptPartBuffers();
    const b = new PartUploader({ client, bucket: 'output', key: 'pu/reuse-b.csv', contentType: 'text/csv', partBytes: 5 * MiB });
    await writeInPieces(b, second, [65_536]);
    const keptWhileSecondWrites = keptPartBuffers();
    await b.end();
    // Assert
    assert.ok(keptAfterFirst >= 2, `${keptAfterFirst} buffers kept after the first upload`);
    assert.equal(keptWhileSecondWrites, keptAfterFirst - 2); // both of the second's buffers were kept ones
    assert.ok((await read('pu/reuse-a.csv')).equals(first));
    assert.ok((await read('pu/reuse-b.csv')).equals(second));
  });

  test('parts smaller than S3 allows are refused up front', () => {
    assert.throws(() => new PartUploader({ client, bucket: 'output', key: 'k', contentType: 'text/csv', partBytes: MiB }), RangeError);
  });
});
