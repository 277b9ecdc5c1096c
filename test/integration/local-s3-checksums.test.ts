/**
 * The local S3's additional checksums through the real AWS SDK: what PutObject, UploadPart, UploadPartCopy,
 * CompleteMultipartUpload and CopyObject state, what GET/HEAD answer with `ChecksumMode: ENABLED`, and the refusals
 * (BadDigest, InvalidRequest, InvalidPartOrder). The oracle for every value is node:zlib's CRC-32 of the bytes.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import type { ChecksumType, CompletedPart } from '@aws-sdk/client-s3';
import { startS3UnderTest, type S3UnderTest } from '../helpers/local-s3-client.ts';

const MiB = 1024 * 1024;
const BUCKET = 'sums';

let local: S3UnderTest;
let client: S3Client;

before(async () => {
  local = await startS3UnderTest('s3-checksums', { buckets: [] });
  client = local.client;
  await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
});

after(() => local.stop());

function crc32Base64(bytes: Buffer): string {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc32(bytes));
  return out.toString('base64');
}

async function headChecksum(key: string): Promise<{ crc32?: string; type?: string }> {
  const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key, ChecksumMode: 'ENABLED' }));
  return { crc32: head.ChecksumCRC32, type: head.ChecksumType };
}

/** A multipart upload of `parts` (bodies, or copies of whole keys), completed; returns the Complete answer. */
async function multipart(key: string, type: ChecksumType, parts: (Buffer | { copy: string })[]) {
  const created = await client.send(
    new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key, ChecksumAlgorithm: 'CRC32', ChecksumType: type }),
  );
  assert.equal(created.ChecksumAlgorithm, 'CRC32');
  assert.equal(created.ChecksumType, type);
  const target = { Bucket: BUCKET, Key: key, UploadId: created.UploadId };
  const completed: CompletedPart[] = [];
  for (const [i, part] of parts.entries()) {
    if (Buffer.isBuffer(part)) {
      const out = await client.send(new UploadPartCommand({ ...target, PartNumber: i + 1, Body: part }));
      assert.equal(out.ChecksumCRC32, crc32Base64(part), `part ${i + 1}'s CRC32`);
      completed.push({ PartNumber: i + 1, ETag: out.ETag, ChecksumCRC32: out.ChecksumCRC32 });
    } else {
      const out = await client.send(new UploadPartCopyCommand({ ...target, PartNumber: i + 1, CopySource: `${BUCKET}/${part.copy}` }));
      completed.push({ PartNumber: i + 1, ETag: out.CopyPartResult?.ETag, ChecksumCRC32: out.CopyPartResult?.ChecksumCRC32 });
    }
  }
  return client.send(new CompleteMultipartUploadCommand({ ...target, ChecksumType: type, MultipartUpload: { Parts: completed } }));
}

test('a PutObject with the SDK default CRC32 keeps it: HEAD and GET state it when asked, the SDK validates the GET', async () => {
  const data = randomBytes(300_000);
  const put = await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'one', Body: data }));
  assert.equal(put.ChecksumCRC32, crc32Base64(data));
  assert.deepEqual(await headChecksum('one'), { crc32: crc32Base64(data), type: 'FULL_OBJECT' });
  const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'one', ChecksumMode: 'ENABLED' }));
  assert.equal(got.ChecksumCRC32, crc32Base64(data));
  assert.deepEqual(Buffer.from(await got.Body!.transformToByteArray()), data);
  const plain = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'one' }));
  assert.equal(plain.ChecksumCRC32, undefined, 'not stated unless asked for');
  const ranged = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'one', Range: 'bytes=0-9', ChecksumMode: 'ENABLED' }));
  assert.equal(ranged.ChecksumCRC32, undefined, "a range's bytes are not the object's: no checksum");
  await ranged.Body!.transformToByteArray();
});

test('a PutObject whose stated CRC32 is not its body’s is refused with BadDigest, and nothing is stored', async () => {
  const data = randomBytes(1000);
  await assert.rejects(
    client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'bad', Body: data, ChecksumCRC32: crc32Base64(randomBytes(10)) })),
    { name: 'BadDigest' },
  );
  await assert.rejects(client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'bad' })), { name: 'NotFound' });
});

test('FULL_OBJECT CRC32 multipart: UploadPart and UploadPartCopy parts combine to the CRC-32 of the whole object', async () => {
  const copied = randomBytes(6 * MiB + 3);
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'source', Body: copied }));
  const first = randomBytes(5 * MiB);
  const last = randomBytes(12_345);
  const done = await multipart('full', 'FULL_OBJECT', [first, { copy: 'source' }, last]);
  const whole = Buffer.concat([first, copied, last]);
  assert.equal(done.ChecksumCRC32, crc32Base64(whole));
  assert.equal(done.ChecksumType, 'FULL_OBJECT');
  assert.deepEqual(await headChecksum('full'), { crc32: crc32Base64(whole), type: 'FULL_OBJECT' });
  const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'full', ChecksumMode: 'ENABLED' }));
  assert.deepEqual(Buffer.from(await got.Body!.transformToByteArray()), whole);
});

test('COMPOSITE CRC32 multipart: the CRC-32 of the parts’ checksums, with the part count', async () => {
  const parts = [randomBytes(5 * MiB), randomBytes(777)];
  const done = await multipart('composite', 'COMPOSITE', parts);
  const ofChecksums = Buffer.concat(parts.map((part) => Buffer.from(crc32Base64(part), 'base64')));
  assert.equal(done.ChecksumCRC32, `${crc32Base64(ofChecksums)}-2`);
  assert.equal(done.ChecksumType, 'COMPOSITE');
});

test('a copy asked for CRC32 gets the full-object CRC-32 of its bytes, a multipart source included', async () => {
  const data = randomBytes(5 * MiB + 10);
  await multipart('to-copy', 'COMPOSITE', [data.subarray(0, 5 * MiB), data.subarray(5 * MiB)]);
  const copy = await client.send(
    new CopyObjectCommand({ Bucket: BUCKET, Key: 'copy', CopySource: `${BUCKET}/to-copy`, ChecksumAlgorithm: 'CRC32' }),
  );
  assert.equal(copy.CopyObjectResult?.ChecksumCRC32, crc32Base64(data));
  assert.deepEqual(await headChecksum('copy'), { crc32: crc32Base64(data), type: 'FULL_OBJECT' });
});

test('a checksummed upload refuses part numbers that do not start at 1 and run on, parts listed without their checksums, and a wrong full-object CRC32', async () => {
  const created = await client.send(
    new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'gaps', ChecksumAlgorithm: 'CRC32', ChecksumType: 'FULL_OBJECT' }),
  );
  const target = { Bucket: BUCKET, Key: 'gaps', UploadId: created.UploadId };
  const body = randomBytes(100);
  const part = await client.send(new UploadPartCommand({ ...target, PartNumber: 2, Body: body }));
  await assert.rejects(
    client.send(new CompleteMultipartUploadCommand({ ...target, MultipartUpload: { Parts: [{ PartNumber: 2, ETag: part.ETag }] } })),
    { name: 'InvalidPartOrder' },
  );
  const one = await client.send(new UploadPartCommand({ ...target, PartNumber: 1, Body: body }));
  await assert.rejects(
    client.send(new CompleteMultipartUploadCommand({ ...target, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: one.ETag }] } })),
    (error: Error) => error.name === 'InvalidRequest' && /must include the checksum for each part/.test(error.message),
  );
  const parts = [{ PartNumber: 1, ETag: one.ETag, ChecksumCRC32: one.ChecksumCRC32 }];
  await assert.rejects(
    client.send(
      new CompleteMultipartUploadCommand({
        ...target,
        ChecksumCRC32: crc32Base64(randomBytes(5)),
        ChecksumType: 'FULL_OBJECT',
        MultipartUpload: { Parts: parts },
      }),
    ),
    { name: 'BadDigest' },
  );
  const done = await client.send(
    new CompleteMultipartUploadCommand({
      ...target,
      ChecksumCRC32: crc32Base64(body),
      ChecksumType: 'FULL_OBJECT',
      MultipartUpload: { Parts: parts },
    }),
  );
  assert.equal(done.ChecksumCRC32, crc32Base64(body));
});

test('CreateMultipartUpload refuses the combinations S3 refuses: SHA256 FULL_OBJECT, CRC64NVME COMPOSITE', async () => {
  for (const [ChecksumAlgorithm, ChecksumType] of [
    ['SHA256', 'FULL_OBJECT'],
    ['CRC64NVME', 'COMPOSITE'],
  ] as const) {
    await assert.rejects(client.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'no', ChecksumAlgorithm, ChecksumType })), {
      name: 'InvalidRequest',
    });
  }
});
