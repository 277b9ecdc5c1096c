/**
 * functions/lib/s3/assemble-object against the local S3 over HTTP (the real SDK, the real protocol), through the
 * functions' own S3 client configured as the local stack configures a Lambda (`AWS_ENDPOINT_URL`, path style): small
 * objects streamed into one part topped up from a big one whose rest is a ranged UploadPartCopy, and a failing
 * streamed part leaving no object behind.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { bucketObjects } from '../helpers/bucket-objects.ts';
import { startFunctionsS3 } from '../helpers/functions-s3.ts';
import { s3 } from '../../functions/lib/aws/clients.ts';
import { assembleObject } from '../../functions/lib/s3/assemble-object.ts';
import { planAssembly } from '../../functions/lib/s3/assembly-plan.ts';

const MiB = 1024 * 1024;
const BUCKET = 'output';

function pattern(size: number, seed: number): Buffer {
  const data = Buffer.alloc(size);
  for (let i = 0; i < size; i++) data[i] = (i * 131 + seed) & 0xff;
  return data;
}

describe('assembleObject through the local S3', () => {
  let stack: { stop(): Promise<void> };
  before(async () => {
    stack = await startFunctionsS3('assemble-object');
  });
  after(() => stack.stop());

  const { put, read, exists } = bucketObjects(BUCKET);

  test('small objects streamed in one part topped up from a big one, whose rest is a ranged part copy', async () => {
    // prepare
    const bodies = [pattern(MiB + 3, 1), pattern(2 * MiB, 2), pattern(12 * MiB + 5, 3)];
    for (const [i, body] of bodies.entries()) await put(`tmp/mixed-${i}`, body);
    const parts = bodies.map((body, i) => ({ key: `tmp/mixed-${i}`, bytes: body.length }));
    const plan = planAssembly(parts);
    assert.deepEqual(
      plan.kind === 'multipart' && plan.parts.map((p) => p.kind),
      ['stream', 'copy'],
      'the plan under test streams the first part and copies a range for the second',
    );

    // act
    const method = await assembleObject({ bucket: BUCKET, key: 'out/mixed.csv', parts, contentType: 'text/csv' });

    // assert
    assert.equal(method, 'mixed');
    assert.ok((await read('out/mixed.csv')).equals(Buffer.concat(bodies)), 'the bytes of every object, in order');
    const head = await s3().send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'out/mixed.csv' }));
    assert.match(head.ETag ?? '', /-2"$/);
    assert.equal(head.ContentType, 'text/csv');
  });

  test('a streamed part that reads short fails the assembly and leaves no object', async () => {
    // prepare: the middle object is shorter than recorded
    const bodies = [pattern(6 * MiB, 4), pattern(MiB, 5), pattern(6 * MiB, 6)];
    for (const [i, body] of bodies.entries()) await put(`tmp/short-${i}`, body);
    const parts = bodies.map((body, i) => ({ key: `tmp/short-${i}`, bytes: body.length + (i === 1 ? 1000 : 0) }));

    // act
    const outcome = assembleObject({ bucket: BUCKET, key: 'out/short.csv', parts, contentType: 'text/csv' });

    // assert
    await assert.rejects(outcome, /read 1048576 bytes of s3:\/\/output\/tmp\/short-1 from 0, expected 1049576/);
    assert.equal(await exists('out/short.csv'), false);
  });
});
