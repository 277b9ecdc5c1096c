/**
 * functions/lib/s3/object-digest's digestParts against the local S3 over HTTP, through the functions' own S3 client:
 * the SHA-256 of parts read in order, each part's GET sent before the previous one's end, equals one independent hash
 * of their concatenation (node:crypto over the bytes put).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { digestParts } from '../../functions/lib/s3/object-digest.ts';
import { bucketObjects } from '../helpers/bucket-objects.ts';
import { startFunctionsS3 } from '../helpers/functions-s3.ts';

const MiB = 1024 * 1024;
const BUCKET = 'output';

describe('digestParts through the local S3', () => {
  let stack: { stop(): Promise<void> };
  before(async () => {
    stack = await startFunctionsS3('object-digest');
  });
  after(() => stack.stop());

  const { put } = bucketObjects(BUCKET);

  test('parts of every size, sizes given or not: the hash and size of their concatenation', async () => {
    // prepare: empty, tiny, around and past the 8 MiB at which the next part is asked for, and a last small one
    const bodies = [0, 3, 8 * MiB - 1, 8 * MiB, 9 * MiB + 7, 2 * MiB, 5].map((size) => randomBytes(size));
    for (const [i, body] of bodies.entries()) await put(`digest/part-${i}`, body);
    const whole = Buffer.concat(bodies);
    const expected = { bytes: whole.length, sha256: createHash('sha256').update(whole).digest('hex') };

    // act
    const sized = await digestParts(
      BUCKET,
      bodies.map((body, i) => ({ key: `digest/part-${i}`, bytes: body.length })),
    );
    const unsized = await digestParts(
      BUCKET,
      bodies.map((_, i) => ({ key: `digest/part-${i}` })),
    );

    // assert
    assert.deepEqual(sized, expected);
    assert.deepEqual(unsized, expected);
  });

  test('no parts: the hash of nothing', async () => {
    assert.deepEqual(await digestParts(BUCKET, []), { bytes: 0, sha256: createHash('sha256').digest('hex') });
  });

  test('a missing part, asked for ahead while the one before is read, fails the digest with its error', async () => {
    // prepare
    await put('digest/present', randomBytes(MiB));

    // act / assert
    const parts = [
      { key: 'digest/present', bytes: MiB },
      { key: 'digest/missing', bytes: MiB },
    ];
    await assert.rejects(digestParts(BUCKET, parts), { name: 'NoSuchKey' });
  });
});
