/**
 * CompleteMultipartUpload checks the parts as S3 does, with S3's errors: a part ETag that was never returned or a
 * part that was never uploaded is InvalidPart (400), parts out of order InvalidPartOrder, a part under 5 MiB that
 * is not the last EntityTooSmall; a refused completion leaves the upload as it was, so the right list completes it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { startS3UnderTest, type S3UnderTest } from '../../helpers/local-s3-client.ts';

const MiB = 1024 * 1024;

describe('CompleteMultipartUpload refuses what S3 refuses', () => {
  let t: S3UnderTest;
  before(async () => {
    t = await startS3UnderTest('s3-multipart');
  });
  after(async () => {
    await t.stop();
  });

  async function upload(key: string, parts: Buffer[]): Promise<{ uploadId: string; etags: string[] }> {
    const { UploadId } = await t.client.send(new CreateMultipartUploadCommand({ Bucket: 'output', Key: key }));
    const etags: string[] = [];
    for (const [i, body] of parts.entries()) {
      etags.push(
        (await t.client.send(new UploadPartCommand({ Bucket: 'output', Key: key, UploadId, PartNumber: i + 1, Body: body }))).ETag!,
      );
    }
    return { uploadId: UploadId!, etags };
  }

  const complete = (key: string, uploadId: string, parts: { PartNumber: number; ETag: string }[]) =>
    t.client.send(
      new CompleteMultipartUploadCommand({ Bucket: 'output', Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } }),
    );

  const status =
    (code: string, httpStatus = 400) =>
    (error: { name?: string; $metadata?: { httpStatusCode?: number } }) =>
      error.name === code && error.$metadata?.httpStatusCode === httpStatus;

  test('a made-up part ETag is InvalidPart; the upload then completes with the real one', async () => {
    const { uploadId, etags } = await upload('mp/made-up.csv', [Buffer.from('a,b\n1,2\n')]);
    await assert.rejects(
      complete('mp/made-up.csv', uploadId, [{ PartNumber: 1, ETag: '"0123456789abcdef0123456789abcdef"' }]),
      status('InvalidPart'),
    );
    await complete('mp/made-up.csv', uploadId, [{ PartNumber: 1, ETag: etags[0]! }]);
    const got = await t.client.send(new GetObjectCommand({ Bucket: 'output', Key: 'mp/made-up.csv' }));
    assert.equal(await got.Body!.transformToString(), 'a,b\n1,2\n');
  });

  test('a part that was never uploaded is InvalidPart (400), not a server error', async () => {
    const { uploadId, etags } = await upload('mp/missing.csv', [Buffer.alloc(5 * MiB, 1)]);
    await assert.rejects(
      complete('mp/missing.csv', uploadId, [
        { PartNumber: 1, ETag: etags[0]! },
        { PartNumber: 2, ETag: etags[0]! },
      ]),
      status('InvalidPart'),
    );
    await assert.rejects(t.client.send(new HeadObjectCommand({ Bucket: 'output', Key: 'mp/missing.csv' })), { name: 'NotFound' });
  });

  test('parts out of order are InvalidPartOrder; a small part before the last is EntityTooSmall', async () => {
    const big = await upload('mp/order.csv', [Buffer.alloc(5 * MiB, 1), Buffer.from('tail')]);
    await assert.rejects(
      complete('mp/order.csv', big.uploadId, [
        { PartNumber: 2, ETag: big.etags[1]! },
        { PartNumber: 1, ETag: big.etags[0]! },
      ]),
      status('InvalidPartOrder'),
    );
    const small = await upload('mp/small.csv', [Buffer.from('small'), Buffer.from('tail')]);
    await assert.rejects(
      complete('mp/small.csv', small.uploadId, [
        { PartNumber: 1, ETag: small.etags[0]! },
        { PartNumber: 2, ETag: small.etags[1]! },
      ]),
      status('EntityTooSmall'),
    );
    await complete('mp/order.csv', big.uploadId, [
      { PartNumber: 1, ETag: big.etags[0]! },
      { PartNumber: 2, ETag: big.etags[1]! },
    ]);
    const head = await t.client.send(new HeadObjectCommand({ Bucket: 'output', Key: 'mp/order.csv' }));
    assert.equal(head.ContentLength, 5 * MiB + 4);
    assert.match(head.ETag!, /^"[0-9a-f]{32}-2"$/);
  });
});
