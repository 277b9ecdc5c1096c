/**
 * The local S3 service through the edge, with the real AWS SDK (no mocks): the SDK's aws-chunked streaming uploads
 * with trailing checksums, multipart uploads and UploadPartCopy, ranges, conditional GETs, AWS-shaped notification
 * events (names, key encoding, filter), persistence.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { execFile } from 'node:child_process';
import { Agent, request } from 'node:http';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteBucketCorsCommand,
  DeleteObjectsCommand,
  GetBucketCorsCommand,
  GetBucketWebsiteCommand,
  GetObjectTaggingCommand,
  HeadBucketCommand,
  ListObjectsCommand,
  PutBucketCorsCommand,
  PutBucketWebsiteCommand,
  PutObjectTaggingCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { startEdge, type Edge } from '../../local/edge/index.ts';
import { decodeEventKey, startS3, type S3NotificationEvent, type S3Service, type S3ServiceOptions } from '../../local/s3/index.ts';
import { hasAwsCli } from '../helpers/aws-cli.ts';

const MiB = 1024 * 1024;

interface Running {
  s3: S3Service;
  edge: Edge;
  client: S3Client;
  events: S3NotificationEvent[];
  stop(): Promise<void>;
}

async function startRunning(dataDir: string, extra: Partial<S3ServiceOptions> = {}): Promise<Running> {
  const events: S3NotificationEvent[] = [];
  const s3 = await startS3({ dataDir, onEvent: async (event) => void events.push(event), ...extra });
  const edge = await startEdge({ port: 0, routes: { s3: s3.listener } });
  const client = new S3Client({
    endpoint: edge.url,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  return {
    s3,
    edge,
    client,
    events,
    stop: async () => {
      client.destroy();
      await edge.stop();
      await s3.stop();
    },
  };
}

async function body(client: S3Client, bucket: string, key: string, range?: string): Promise<Buffer> {
  const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: range }));
  return Buffer.from(await answer.Body!.transformToByteArray());
}

function md5(data: Buffer | string): string {
  return createHash('md5').update(data).digest('hex');
}

function pattern(size: number, seed = 0): Buffer {
  const data = Buffer.alloc(size);
  for (let i = 0; i < size; i++) data[i] = (i * 31 + seed) & 0xff;
  return data;
}

async function eventsFor(running: Running, key: string, count = 1): Promise<S3NotificationEvent[]> {
  const matching = (): S3NotificationEvent[] => running.events.filter((e) => decodeEventKey(e.Records[0].s3.object.key) === key);
  for (let i = 0; i < 200 && matching().length < count; i++) await sleep(10);
  await running.s3.drainNotifications();
  return matching();
}

describe('local S3 through the edge', () => {
  let dataDir: string;
  let running: Running;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'local-s3-'));
    running = await startRunning(dataDir);
  });
  after(async () => {
    await running.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('buckets input and output exist after start', async () => {
    const answer = await running.client.send(new ListBucketsCommand({}));
    assert.deepEqual(answer.Buckets?.map((b) => b.Name).sort(), ['input', 'output']);
  });

  test('PutObject with a string body, then GetObject and HeadObject', async () => {
    const text = 'sepal_length,sepal_width,petal_length,petal_width\n5.9,3.0,5.1,2.3\n';
    const put = await running.client.send(new PutObjectCommand({ Bucket: 'output', Key: 'plain.txt', Body: text }));
    assert.equal(put.ETag, `"${md5(text)}"`);
    assert.equal((await body(running.client, 'output', 'plain.txt')).toString(), text);
    const head = await running.client.send(new HeadObjectCommand({ Bucket: 'output', Key: 'plain.txt' }));
    assert.equal(head.ContentLength, Buffer.byteLength(text));
    assert.equal(head.ContentEncoding, undefined);
  });

  test('PutObject with a stream body and the default (trailing) checksums stores the decoded bytes', async () => {
    const data = pattern(3 * MiB + 17);
    await running.client.send(
      new PutObjectCommand({
        Bucket: 'output',
        Key: 'stream.bin',
        Body: Readable.from([data.subarray(0, MiB), data.subarray(MiB)]),
        ContentLength: data.length,
      }),
    );
    const stored = await body(running.client, 'output', 'stream.bin');
    assert.equal(stored.length, data.length);
    assert.ok(stored.equals(data));
    const head = await running.client.send(new HeadObjectCommand({ Bucket: 'output', Key: 'stream.bin' }));
    assert.equal(head.ContentEncoding, undefined, 'aws-chunked must not be stored as the object encoding');
  });

  test('PutObject with a file stream (length from the file) works too', async () => {
    const file = join(dataDir, 'upload.csv');
    const data = pattern(100_000, 3);
    await writeFile(file, data);
    await running.client.send(new PutObjectCommand({ Bucket: 'output', Key: 'from-file.bin', Body: createReadStream(file) }));
    assert.ok((await body(running.client, 'output', 'from-file.bin')).equals(data));
  });

  test('GetObject with Range: a-b, 0-0, a-, suffix -n; unsatisfiable → InvalidRange', async () => {
    const text = '0123456789';
    await running.client.send(new PutObjectCommand({ Bucket: 'output', Key: 'digits.txt', Body: text }));
    assert.equal((await body(running.client, 'output', 'digits.txt', 'bytes=2-5')).toString(), '2345');
    assert.equal((await body(running.client, 'output', 'digits.txt', 'bytes=0-0')).toString(), '0');
    assert.equal((await body(running.client, 'output', 'digits.txt', 'bytes=7-')).toString(), '789');
    assert.equal((await body(running.client, 'output', 'digits.txt', 'bytes=-3')).toString(), '789');
    assert.equal((await body(running.client, 'output', 'digits.txt', 'bytes=5-100')).toString(), '56789');
    await assert.rejects(body(running.client, 'output', 'digits.txt', 'bytes=20-30'), { name: 'InvalidRange' });
  });

  test('a range on an empty object is InvalidRange, not a broken response', async () => {
    await running.client.send(new PutObjectCommand({ Bucket: 'output', Key: 'empty.csv', Body: '' }));
    assert.equal((await body(running.client, 'output', 'empty.csv')).length, 0);
    await assert.rejects(body(running.client, 'output', 'empty.csv', 'bytes=0-65535'), { name: 'InvalidRange' });
  });

  test('GetObject of a missing key is NoSuchKey', async () => {
    await assert.rejects(body(running.client, 'output', 'missing.csv'), { name: 'NoSuchKey' });
  });

  test('lib-storage Upload of a 12 MiB file is multipart and notifies ObjectCreated:CompleteMultipartUpload', async () => {
    const data = pattern(12 * MiB, 5);
    const upload = new Upload({
      client: running.client,
      params: { Bucket: 'input', Key: 'big/multipart.csv', Body: Readable.from([data]) },
      partSize: 5 * MiB,
      queueSize: 2,
    });
    await upload.done();
    assert.ok((await body(running.client, 'input', 'big/multipart.csv')).equals(data));
    const [event] = await eventsFor(running, 'big/multipart.csv');
    assert.ok(event, 'an event was delivered');
    const record = event.Records[0];
    assert.equal(record.eventName, 'ObjectCreated:CompleteMultipartUpload');
    assert.equal(record.s3.object.size, data.length);
    const head = await running.client.send(new HeadObjectCommand({ Bucket: 'input', Key: 'big/multipart.csv' }));
    assert.equal(`"${record.s3.object.eTag}"`, head.ETag);
  });

  test('a multipart object is invisible until CompleteMultipartUpload', async () => {
    const key = 'pending/parts.csv';
    const { UploadId } = await running.client.send(new CreateMultipartUploadCommand({ Bucket: 'input', Key: key }));
    const part = await running.client.send(
      new UploadPartCommand({ Bucket: 'input', Key: key, UploadId, PartNumber: 1, Body: 'a,b\n1,2\n' }),
    );
    await assert.rejects(running.client.send(new HeadObjectCommand({ Bucket: 'input', Key: key })), { name: 'NotFound' });
    const listed = await running.client.send(new ListObjectsV2Command({ Bucket: 'input', Prefix: 'pending/' }));
    assert.equal(listed.KeyCount ?? 0, 0);
    await running.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'input',
        Key: key,
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
      }),
    );
    assert.equal((await body(running.client, 'input', key)).toString(), 'a,b\n1,2\n');
  });

  test('AbortMultipartUpload drops the parts; a second abort is NoSuchUpload', async () => {
    const key = 'aborted/parts.csv';
    const { UploadId } = await running.client.send(new CreateMultipartUploadCommand({ Bucket: 'input', Key: key }));
    await running.client.send(new UploadPartCommand({ Bucket: 'input', Key: key, UploadId, PartNumber: 1, Body: 'a\n' }));
    await running.client.send(new AbortMultipartUploadCommand({ Bucket: 'input', Key: key, UploadId }));
    await assert.rejects(running.client.send(new AbortMultipartUploadCommand({ Bucket: 'input', Key: key, UploadId })), {
      name: 'NoSuchUpload',
    });
    await assert.rejects(
      running.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: 'input',
          Key: key,
          UploadId,
          MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"x"' }] },
        }),
      ),
      { name: 'NoSuchUpload' },
    );
    await assert.rejects(
      running.client.send(
        new UploadPartCommand({ Bucket: 'input', Key: key, UploadId: '0123456789abcdef0123456789abcdef', PartNumber: 1, Body: 'a' }),
      ),
      { name: 'NoSuchUpload' },
    );
    await assert.rejects(running.client.send(new HeadObjectCommand({ Bucket: 'input', Key: key })), { name: 'NotFound' });
  });

  test('.. key segments are literal key characters that never become a path; bad upload ids are refused', async () => {
    const put = await fetch(`${running.edge.url}/output/..%2F..%2Fescaped.txt`, { method: 'PUT', body: 'y' });
    assert.equal(put.status, 200);
    // The SDK sends `..` segments unencoded (fetch would resolve them client-side); the same key either way.
    await running.client.send(new PutObjectCommand({ Bucket: 'output', Key: '../../escaped.txt', Body: 'x' }));
    const listed = await running.client.send(new ListObjectsV2Command({ Bucket: 'output', Prefix: '../' }));
    assert.deepEqual(
      (listed.Contents ?? []).map((o) => o.Key),
      ['../../escaped.txt'],
    );
    const got = await running.client.send(new GetObjectCommand({ Bucket: 'output', Key: '../../escaped.txt' }));
    assert.equal(await got.Body!.transformToString(), 'x');
    // Keys never become file names: the store names objects by a hash of the key.
    const named = (await readdir(dataDir, { recursive: true })).filter((p) => p.includes('escaped') || p.includes('..'));
    assert.deepEqual(named, []);
    await running.client.send(new DeleteObjectCommand({ Bucket: 'output', Key: '../../escaped.txt' }));
    const upload = await fetch(`${running.edge.url}/output/a.bin?partNumber=1&uploadId=..%2F..%2Fx`, { method: 'PUT', body: 'x' });
    assert.equal(upload.status, 404);
    assert.match(await upload.text(), /<Code>NoSuchUpload<\/Code>/);
  });

  test('UploadPartCopy copies whole objects and byte ranges into parts', async () => {
    const source = pattern(6 * MiB, 9);
    await running.client.send(new PutObjectCommand({ Bucket: 'output', Key: 'copy/source+1.bin', Body: source }));
    const key = 'copy/assembled.bin';
    const { UploadId } = await running.client.send(new CreateMultipartUploadCommand({ Bucket: 'output', Key: key }));
    const first = await running.client.send(
      new UploadPartCopyCommand({
        Bucket: 'output',
        Key: key,
        UploadId,
        PartNumber: 1,
        CopySource: `output/${encodeURIComponent('copy/source+1.bin')}`,
        CopySourceRange: `bytes=0-${5 * MiB - 1}`,
      }),
    );
    assert.equal(first.CopyPartResult?.ETag, `"${md5(source.subarray(0, 5 * MiB))}"`);
    const second = await running.client.send(
      new UploadPartCopyCommand({
        Bucket: 'output',
        Key: key,
        UploadId,
        PartNumber: 2,
        CopySource: `output/${encodeURIComponent('copy/source+1.bin')}`,
      }),
    );
    await running.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'output',
        Key: key,
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: first.CopyPartResult?.ETag },
            { PartNumber: 2, ETag: second.CopyPartResult?.ETag },
          ],
        },
      }),
    );
    const assembled = await body(running.client, 'output', key);
    assert.ok(assembled.equals(Buffer.concat([source.subarray(0, 5 * MiB), source])));
  });

  test('a whole-object UploadPartCopy keeps the source MD5 as part ETag, and later changes to the source do not reach the copy', async () => {
    // Prepare: one single-part source, one multipart source (its ETag is not an MD5 of its bytes)
    const plain = pattern(5 * MiB + 3, 21);
    const multi = pattern(11 * MiB, 22);
    await running.client.send(new PutObjectCommand({ Bucket: 'output', Key: 'link/plain.bin', Body: plain }));
    await new Upload({
      client: running.client,
      params: { Bucket: 'output', Key: 'link/multi.bin', Body: multi },
      partSize: 5 * MiB,
    }).done();
    const key = 'link/assembled.bin';
    const { UploadId } = await running.client.send(new CreateMultipartUploadCommand({ Bucket: 'output', Key: key }));
    // Act: copy both whole objects as parts, then replace and delete the sources before completing
    const copy = (partNumber: number, source: string) =>
      running.client.send(
        new UploadPartCopyCommand({ Bucket: 'output', Key: key, UploadId, PartNumber: partNumber, CopySource: `output/${source}` }),
      );
    const first = await copy(1, 'link/plain.bin');
    const second = await copy(2, 'link/multi.bin');
    await running.client.send(new PutObjectCommand({ Bucket: 'output', Key: 'link/plain.bin', Body: 'replaced' }));
    await running.client.send(new DeleteObjectCommand({ Bucket: 'output', Key: 'link/multi.bin' }));
    await running.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'output',
        Key: key,
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: first.CopyPartResult?.ETag },
            { PartNumber: 2, ETag: second.CopyPartResult?.ETag },
          ],
        },
      }),
    );
    // Assert: the part ETags, and the object holds the sources as they were when copied
    assert.equal(first.CopyPartResult?.ETag, `"${md5(plain)}"`);
    assert.match(String(second.CopyPartResult?.ETag), /^"[0-9a-f]{32}"$/);
    assert.ok((await body(running.client, 'output', key)).equals(Buffer.concat([plain, multi])));
  });

  test('HeadObject: the stored headers without a body; a missing key or bucket is 404 NotFound', async () => {
    await running.client.send(
      new PutObjectCommand({
        Bucket: 'output',
        Key: 'head/a.json',
        Body: '{"a":1}',
        ContentType: 'application/json',
        Metadata: { job: 'j1' },
      }),
    );
    const head = await running.client.send(new HeadObjectCommand({ Bucket: 'output', Key: 'head/a.json' }));
    assert.equal(head.ContentLength, 7);
    assert.equal(head.ContentType, 'application/json');
    assert.equal(head.ETag, `"${md5('{"a":1}')}"`);
    assert.deepEqual(head.Metadata, { job: 'j1' });
    for (const [bucket, key] of [
      ['output', 'head/missing.json'],
      ['no-such-bucket', 'a.json'],
    ]) {
      await assert.rejects(
        running.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })),
        (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
          assert.equal(error.name, 'NotFound');
          assert.equal(error.$metadata?.httpStatusCode, 404);
          return true;
        },
      );
    }
  });

  test('UploadPartCopy from a missing source is NoSuchKey; a range past the end is InvalidArgument', async () => {
    const key = 'copy/bad.bin';
    const { UploadId } = await running.client.send(new CreateMultipartUploadCommand({ Bucket: 'output', Key: key }));
    await assert.rejects(
      running.client.send(
        new UploadPartCopyCommand({ Bucket: 'output', Key: key, UploadId, PartNumber: 1, CopySource: 'output/nope.bin' }),
      ),
      { name: 'NoSuchKey' },
    );
    await running.client.send(new PutObjectCommand({ Bucket: 'output', Key: 'copy/small.bin', Body: 'tiny' }));
    await assert.rejects(
      running.client.send(
        new UploadPartCopyCommand({
          Bucket: 'output',
          Key: key,
          UploadId,
          PartNumber: 1,
          CopySource: 'output/copy/small.bin',
          CopySourceRange: 'bytes=0-99',
        }),
      ),
      { name: 'InvalidArgument' },
    );
  });

  test('PutObject of a .csv in input sends an AWS-shaped ObjectCreated:Put event', async () => {
    const text = 'a,b\n1,2\n';
    await running.client.send(new PutObjectCommand({ Bucket: 'input', Key: 'jobs/simple.csv', Body: text }));
    const [event] = await eventsFor(running, 'jobs/simple.csv');
    assert.equal(event.Records.length, 1);
    const record = event.Records[0];
    assert.equal(record.eventVersion, '2.1');
    assert.equal(record.eventSource, 'aws:s3');
    assert.equal(record.awsRegion, 'us-east-1');
    assert.equal(record.eventName, 'ObjectCreated:Put');
    assert.ok(!Number.isNaN(Date.parse(record.eventTime)));
    assert.equal(record.s3.s3SchemaVersion, '1.0');
    assert.equal(record.s3.bucket.name, 'input');
    assert.equal(record.s3.bucket.arn, 'arn:aws:s3:::input');
    assert.equal(record.s3.object.key, 'jobs/simple.csv');
    assert.equal(record.s3.object.size, text.length);
    assert.equal(record.s3.object.eTag, md5(text));
    assert.match(record.s3.object.sequencer, /^[0-9A-F]+$/);
    assert.equal(record.s3.object.versionId, undefined);
  });

  test('event keys are form-URL encoded as AWS does (spaces as +, + as %2B, unicode, ?, #; / kept)', async () => {
    const key = 'dir/my file+v1 é (1)?#&=.csv';
    await running.client.send(new PutObjectCommand({ Bucket: 'input', Key: key, Body: 'x\n1\n' }));
    const [event] = await eventsFor(running, key);
    assert.equal(event.Records[0].s3.object.key, 'dir/my+file%2Bv1+%C3%A9+%281%29%3F%23%26%3D.csv');
    assert.equal(decodeEventKey(event.Records[0].s3.object.key), key);
    assert.equal((await body(running.client, 'input', key)).toString(), 'x\n1\n');
  });

  test('only *.csv in the input bucket notify; sequencers increase', async () => {
    await running.client.send(new PutObjectCommand({ Bucket: 'input', Key: 'filter/notes.txt', Body: 'x' }));
    await running.client.send(new PutObjectCommand({ Bucket: 'input', Key: 'filter/data.csv.gz', Body: 'x' }));
    await running.client.send(new PutObjectCommand({ Bucket: 'output', Key: 'filter/out.csv', Body: 'x' }));
    await running.client.send(new PutObjectCommand({ Bucket: 'input', Key: 'filter/one.csv', Body: 'x' }));
    await running.client.send(new PutObjectCommand({ Bucket: 'input', Key: 'filter/two.csv', Body: 'x' }));
    const [one] = await eventsFor(running, 'filter/one.csv');
    const [two] = await eventsFor(running, 'filter/two.csv');
    const keys = running.events.map((e) => e.Records[0].s3.object.key).filter((k) => k.startsWith('filter/'));
    assert.deepEqual(keys.sort(), ['filter/one.csv', 'filter/two.csv']);
    assert.ok(BigInt(`0x${two.Records[0].s3.object.sequencer}`) > BigInt(`0x${one.Records[0].s3.object.sequencer}`));
  });

  test('CopyObject into input notifies ObjectCreated:Copy with size and eTag', async () => {
    const text = 'c,d\n3,4\n';
    await running.client.send(new PutObjectCommand({ Bucket: 'output', Key: 'to copy+.csv', Body: text }));
    await running.client.send(
      new CopyObjectCommand({ Bucket: 'input', Key: 'copied/to copy+.csv', CopySource: `output/${encodeURIComponent('to copy+.csv')}` }),
    );
    const [event] = await eventsFor(running, 'copied/to copy+.csv');
    assert.equal(event.Records[0].eventName, 'ObjectCreated:Copy');
    assert.equal(event.Records[0].s3.object.size, text.length);
    assert.equal(event.Records[0].s3.object.eTag, md5(text));
  });

  test('an aws-chunked body whose trailing CRC32 does not match is refused (BadDigest) and not stored', async () => {
    const payload = 'a,b\n1,2\n';
    const chunked = `${payload.length.toString(16)}\r\n${payload}\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n`;
    const answer = await fetch(`${running.edge.url}/input/corrupt.csv`, {
      method: 'PUT',
      headers: {
        'content-encoding': 'aws-chunked',
        'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
        'x-amz-decoded-content-length': String(payload.length),
        'x-amz-trailer': 'x-amz-checksum-crc32',
      },
      body: chunked,
    });
    assert.equal(answer.status, 400);
    assert.match(await answer.text(), /<Code>BadDigest<\/Code>/);
    await assert.rejects(running.client.send(new HeadObjectCommand({ Bucket: 'input', Key: 'corrupt.csv' })), { name: 'NotFound' });
  });

  test('a failing notification target is retried, and the upload itself never waits for it', async () => {
    const failingDir = await mkdtemp(join(tmpdir(), 'local-s3-failing-'));
    let attempts = 0;
    const failing = await startRunning(failingDir, {
      retryDelayMs: 1,
      onEvent: async () => {
        attempts++;
        throw new Error('lambda unavailable');
      },
    });
    const answer = await fetch(`${failing.edge.url}/input/retry.csv`, { method: 'PUT', body: 'a\n1\n' });
    assert.equal(answer.status, 200);
    await failing.s3.drainNotifications();
    assert.equal(attempts, 3, 'one attempt and two retries');
    await failing.stop();
    await rm(failingDir, { recursive: true, force: true });
  });

  test('a multipart object gets the AWS ETag form: md5 of the part md5s, then -<parts>', async () => {
    const { client } = running;
    const parts = [pattern(5 * MiB, 1), pattern(1000, 2)];
    const created = await client.send(new CreateMultipartUploadCommand({ Bucket: 'output', Key: 'etag/multi.csv' }));
    const etags = [];
    for (const [i, part] of parts.entries()) {
      const answer = await client.send(
        new UploadPartCommand({ Bucket: 'output', Key: 'etag/multi.csv', UploadId: created.UploadId, PartNumber: i + 1, Body: part }),
      );
      etags.push({ PartNumber: i + 1, ETag: answer.ETag });
    }
    await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'output',
        Key: 'etag/multi.csv',
        UploadId: created.UploadId,
        MultipartUpload: { Parts: etags },
      }),
    );

    const head = await client.send(new HeadObjectCommand({ Bucket: 'output', Key: 'etag/multi.csv' }));

    const expected = createHash('md5')
      .update(Buffer.concat(parts.map((p) => createHash('md5').update(p).digest())))
      .digest('hex');
    assert.equal(head.ETag, `"${expected}-2"`);
    assert.deepEqual(await body(client, 'output', 'etag/multi.csv'), Buffer.concat(parts));
  });

  test('GetObject honours If-Match (412 on a replaced object) and CopyObject keeps the ETag', async () => {
    const { client } = running;
    await client.send(new PutObjectCommand({ Bucket: 'output', Key: 'etag/one.csv', Body: 'a,b\n1,2\n' }));
    const head = await client.send(new HeadObjectCommand({ Bucket: 'output', Key: 'etag/one.csv' }));

    await assert.rejects(
      client.send(new GetObjectCommand({ Bucket: 'output', Key: 'etag/one.csv', IfMatch: '"00000000000000000000000000000000"' })),
      (error: { name?: string; $metadata?: { httpStatusCode?: number } }) => error.$metadata?.httpStatusCode === 412,
    );
    const matched = await client.send(new GetObjectCommand({ Bucket: 'output', Key: 'etag/one.csv', IfMatch: head.ETag }));
    assert.equal(await matched.Body!.transformToString(), 'a,b\n1,2\n');
    await client.send(new CopyObjectCommand({ Bucket: 'output', Key: 'etag/copy.csv', CopySource: 'output/etag/one.csv' }));
    const copy = await client.send(new HeadObjectCommand({ Bucket: 'output', Key: 'etag/copy.csv' }));
    assert.equal(copy.ETag, head.ETag);
  });
});

describe('local S3 bucket operations, conditional reads, batch deletes, tags, presigned URLs', () => {
  let dataDir: string;
  let running: Running;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'local-s3-ops-'));
    running = await startRunning(dataDir);
  });
  after(async () => {
    await running.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('CreateBucket, HeadBucket, DeleteBucket (BucketNotEmpty while it holds objects), NoSuchBucket after', async () => {
    const { client } = running;
    await client.send(new CreateBucketCommand({ Bucket: 'scratch' }));
    await client.send(new HeadBucketCommand({ Bucket: 'scratch' }));
    await client.send(new PutObjectCommand({ Bucket: 'scratch', Key: 'a.txt', Body: 'a' }));
    await assert.rejects(client.send(new DeleteBucketCommand({ Bucket: 'scratch' })), { name: 'BucketNotEmpty' });
    await client.send(new DeleteObjectCommand({ Bucket: 'scratch', Key: 'a.txt' }));
    await client.send(new DeleteBucketCommand({ Bucket: 'scratch' }));
    await assert.rejects(client.send(new HeadBucketCommand({ Bucket: 'scratch' })), { name: 'NotFound' });
    await assert.rejects(client.send(new PutObjectCommand({ Bucket: 'scratch', Key: 'a.txt', Body: 'a' })), { name: 'NoSuchBucket' });
    await assert.rejects(client.send(new CreateBucketCommand({ Bucket: 'Not_Valid' })), { name: 'InvalidBucketName' });
  });

  test('GetObject answers 304 for If-None-Match with the current ETag and for If-Modified-Since after the last change', async () => {
    const { client } = running;
    const put = await client.send(new PutObjectCommand({ Bucket: 'output', Key: 'cond/a.txt', Body: 'abc' }));
    const notModified = (error: { $metadata?: { httpStatusCode?: number } }) => error.$metadata?.httpStatusCode === 304;
    await assert.rejects(client.send(new GetObjectCommand({ Bucket: 'output', Key: 'cond/a.txt', IfNoneMatch: put.ETag })), notModified);
    await assert.rejects(
      client.send(new GetObjectCommand({ Bucket: 'output', Key: 'cond/a.txt', IfModifiedSince: new Date(Date.now() + 60_000) })),
      notModified,
    );
    const changed = await client.send(new GetObjectCommand({ Bucket: 'output', Key: 'cond/a.txt', IfNoneMatch: '"other"' }));
    assert.equal(await changed.Body!.transformToString(), 'abc');
    await assert.rejects(
      client.send(new GetObjectCommand({ Bucket: 'output', Key: 'cond/a.txt', IfUnmodifiedSince: new Date(Date.now() - 3_600_000) })),
      (error: { $metadata?: { httpStatusCode?: number } }) => error.$metadata?.httpStatusCode === 412,
    );
  });

  test('DeleteObjects removes the listed keys (missing ones count as deleted) and ListObjects v1 no longer shows them', async () => {
    const { client } = running;
    for (const key of ['batch/a', 'batch/b', 'batch/c']) await client.send(new PutObjectCommand({ Bucket: 'output', Key: key, Body: key }));
    const deleted = await client.send(
      new DeleteObjectsCommand({ Bucket: 'output', Delete: { Objects: [{ Key: 'batch/a' }, { Key: 'batch/c' }, { Key: 'batch/none' }] } }),
    );
    assert.deepEqual(deleted.Deleted?.map((d) => d.Key).sort(), ['batch/a', 'batch/c', 'batch/none']);
    const listed = await client.send(new ListObjectsCommand({ Bucket: 'output', Prefix: 'batch/' }));
    assert.deepEqual(
      listed.Contents?.map((o) => o.Key),
      ['batch/b'],
    );
  });

  test('object tags: set with the PUT or later, read back, counted on GET', async () => {
    const { client } = running;
    await client.send(new PutObjectCommand({ Bucket: 'output', Key: 'tags/a.csv', Body: 'a', Tagging: 'job=j1&kind=csv' }));
    const tagged = await client.send(new GetObjectTaggingCommand({ Bucket: 'output', Key: 'tags/a.csv' }));
    assert.deepEqual(tagged.TagSet, [
      { Key: 'job', Value: 'j1' },
      { Key: 'kind', Value: 'csv' },
    ]);
    await client.send(
      new PutObjectTaggingCommand({ Bucket: 'output', Key: 'tags/a.csv', Tagging: { TagSet: [{ Key: 'state', Value: 'done & dusted' }] } }),
    );
    const retagged = await client.send(new GetObjectTaggingCommand({ Bucket: 'output', Key: 'tags/a.csv' }));
    assert.deepEqual(retagged.TagSet, [{ Key: 'state', Value: 'done & dusted' }]);
    const got = await client.send(new GetObjectCommand({ Bucket: 'output', Key: 'tags/a.csv' }));
    assert.equal(got.TagCount, 1);
  });

  test('bucket CORS rules answer preflights and tag matching requests; website configuration is kept', async () => {
    const { client } = running;
    await client.send(new CreateBucketCommand({ Bucket: 'web' }));
    await client.send(
      new PutBucketCorsCommand({
        Bucket: 'web',
        CORSConfiguration: {
          CORSRules: [
            {
              AllowedOrigins: ['http://*.example.com'],
              AllowedMethods: ['GET', 'PUT'],
              AllowedHeaders: ['content-*'],
              ExposeHeaders: ['ETag'],
              MaxAgeSeconds: 60,
            },
          ],
        },
      }),
    );
    await client.send(new PutObjectCommand({ Bucket: 'web', Key: 'page.html', Body: '<p>hi</p>' }));
    const rules = await client.send(new GetBucketCorsCommand({ Bucket: 'web' }));
    assert.deepEqual(rules.CORSRules?.[0]?.AllowedOrigins, ['http://*.example.com']);
    const preflight = (origin: string, method: string) =>
      fetch(`${running.edge.url}/web/page.html`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'content-type' },
      });
    const allowed = await preflight('http://app.example.com', 'PUT');
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'http://app.example.com');
    assert.equal(allowed.headers.get('access-control-allow-methods'), 'GET, PUT');
    assert.equal(allowed.headers.get('access-control-max-age'), '60');
    assert.equal((await preflight('http://evil.test', 'PUT')).status, 403);
    assert.equal((await preflight('http://app.example.com', 'DELETE')).status, 403);
    const got = await fetch(`${running.edge.url}/web/page.html`, { headers: { origin: 'http://app.example.com' } });
    assert.equal(got.headers.get('access-control-allow-origin'), 'http://app.example.com');
    assert.equal(got.headers.get('access-control-expose-headers'), 'ETag');
    await client.send(new DeleteBucketCorsCommand({ Bucket: 'web' }));
    await assert.rejects(client.send(new GetBucketCorsCommand({ Bucket: 'web' })), { name: 'NoSuchCORSConfiguration' });
    await client.send(new PutBucketWebsiteCommand({ Bucket: 'web', WebsiteConfiguration: { IndexDocument: { Suffix: 'index.html' } } }));
    assert.equal((await client.send(new GetBucketWebsiteCommand({ Bucket: 'web' }))).IndexDocument?.Suffix, 'index.html');
  });

  test('a browser form upload (POST Object) stores the file under the key field and notifies ObjectCreated:Post', async () => {
    const form = new FormData();
    // biome-ignore lint/suspicious/noTemplateCurlyInString: S3's POST form syntax, not a template
    form.append('key', 'forms/${filename}');
    form.append('Content-Type', 'text/csv');
    form.append('x-amz-meta-origin', 'browser');
    form.append('success_action_status', '201');
    const data = pattern(300_000, 7);
    form.append('file', new Blob([data]), 'upload.csv');
    const answer = await fetch(`${running.edge.url}/input`, { method: 'POST', body: form });
    assert.equal(answer.status, 201);
    assert.match(await answer.text(), /<Key>forms\/upload\.csv<\/Key>/);
    assert.ok((await body(running.client, 'input', 'forms/upload.csv')).equals(data));
    const head = await running.client.send(new HeadObjectCommand({ Bucket: 'input', Key: 'forms/upload.csv' }));
    assert.equal(head.ContentType, 'text/csv');
    assert.deepEqual(head.Metadata, { origin: 'browser' });
    const [event] = await eventsFor(running, 'forms/upload.csv');
    assert.equal(event.Records[0].eventName, 'ObjectCreated:Post');
    const noFile = new FormData();
    noFile.append('key', 'forms/none.csv');
    const refused = await fetch(`${running.edge.url}/input`, { method: 'POST', body: noFile });
    assert.equal(refused.status, 400);
  });

  test("a refused upload's unread body is drained, so its keep-alive connection serves the next request", async () => {
    // Prepare: one socket for every request; refusals that come before the body is read
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const edge = new URL(running.edge.url);
    const sockets = new Set<number>();
    const send = (method: string, path: string, data: Buffer, headers: Record<string, string> = {}) =>
      new Promise<number>((resolve, reject) => {
        const outgoing = request(
          {
            host: edge.hostname,
            port: edge.port,
            method,
            path,
            agent,
            timeout: 5_000,
            headers: { ...headers, 'content-length': String(data.length) },
          },
          (res) => {
            sockets.add(res.socket.localPort ?? 0);
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        outgoing.on('timeout', () => outgoing.destroy(new Error(`${method} ${path}: no answer on the reused connection`)));
        outgoing.on('error', reject);
        outgoing.end(data);
      });
    const data = pattern(8 * MiB, 3);
    const chunked = Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n0\r\n\r\n')]);
    const chunkedHeaders = {
      'content-encoding': 'aws-chunked',
      'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
      'x-amz-decoded-content-length': String(data.length),
    };
    const form = Buffer.concat([
      Buffer.from(
        '--B\r\nContent-Disposition: form-data; name="key"\r\n\r\nk\r\n--B\r\nContent-Disposition: form-data; name="file"; filename="f"\r\n\r\n',
      ),
      data,
      Buffer.from('\r\n--B--\r\n'),
    ]);
    try {
      // Act
      const statuses = [
        await send('PUT', '/no-such-bucket/a.bin', chunked, chunkedHeaders),
        await send('PUT', '/output/drained.bin', chunked, chunkedHeaders),
        await send('POST', '/no-such-bucket', form, { 'content-type': 'multipart/form-data; boundary=B' }),
        await send('PUT', '/output/drained.bin', data),
      ];
      // Assert
      assert.deepEqual(statuses, [404, 200, 404, 200]);
      assert.equal(sockets.size, 1, 'every request on the one keep-alive connection');
    } finally {
      agent.destroy();
    }
  });

  test('presigned URLs (query-string auth, not verified) PUT and GET, with response-* overrides', async () => {
    const auth =
      'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=test%2F20250101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20250101T000000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=abc';
    const put = await fetch(`${running.edge.url}/output/presigned/a.csv?${auth}`, { method: 'PUT', body: 'a,b\n' });
    assert.equal(put.status, 200);
    const got = await fetch(
      `${running.edge.url}/output/presigned/a.csv?${auth}&response-content-disposition=attachment%3B%20filename%3Da.csv`,
    );
    assert.equal(got.status, 200);
    assert.equal(got.headers.get('content-disposition'), 'attachment; filename=a.csv');
    assert.equal(await got.text(), 'a,b\n');
  });
});

describe('AWS CLI against the edge', { skip: !hasAwsCli() && 'aws CLI not installed' }, () => {
  test('aws s3 cp of a 9 MB file (multipart) round-trips and notifies CompleteMultipartUpload', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'local-s3-cli-'));
    const running = await startRunning(join(dataDir, 'data'));
    try {
      const file = join(dataDir, 'nine mb.csv');
      const data = pattern(9 * MiB, 11);
      await writeFile(file, data);
      const env = {
        ...process.env,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_CONFIG_FILE: '/dev/null',
      };
      const cli = (...args: string[]) =>
        promisify(execFile)('aws', [...args, '--endpoint-url', running.edge.url, '--only-show-errors'], { env });
      await cli('s3', 'cp', file, 's3://input/cli/nine mb.csv');
      const [event] = await eventsFor(running, 'cli/nine mb.csv');
      assert.equal(event.Records[0].eventName, 'ObjectCreated:CompleteMultipartUpload');
      assert.equal(event.Records[0].s3.object.key, 'cli/nine+mb.csv');
      assert.equal(event.Records[0].s3.object.size, data.length);
      await cli('s3', 'cp', 's3://input/cli/nine mb.csv', 's3://output/cli/copied.csv');
      assert.ok((await body(running.client, 'output', 'cli/copied.csv')).equals(data));
    } finally {
      await running.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('local S3 persistence', () => {
  test('objects survive a restart; fresh wipes them', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'local-s3-persist-'));
    try {
      let running = await startRunning(dataDir);
      await running.client.send(new PutObjectCommand({ Bucket: 'output', Key: 'kept.txt', Body: 'still here' }));
      await running.stop();

      running = await startRunning(dataDir);
      assert.equal((await body(running.client, 'output', 'kept.txt')).toString(), 'still here');
      await running.stop();

      running = await startRunning(dataDir, { fresh: true });
      await assert.rejects(body(running.client, 'output', 'kept.txt'), { name: 'NoSuchKey' });
      const buckets = await running.client.send(new ListBucketsCommand({}));
      assert.deepEqual(buckets.Buckets?.map((b) => b.Name).sort(), ['input', 'output']);
      await running.stop();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
