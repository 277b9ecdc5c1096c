/**
 * S3's key rules on the local S3, through the SDK: every distinct key is its own object (`a//b` and `a/b`, `/x` and
 * `x`, keys that look like the store's own file names), long segments and control characters are ordinary keys,
 * keys over 1,024 UTF-8 bytes are KeyTooLongError; and listings page through any number of objects (ListObjectsV2
 * continuation tokens, ListObjects markers, with and without a delimiter, and `aws s3 ls` when the CLI is installed).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { GetObjectCommand, ListObjectsCommand, ListObjectsV2Command, PutObjectCommand, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import { startS3UnderTest, type S3UnderTest } from '../../helpers/local-s3-client.ts';
import { hasAwsCli } from '../../helpers/aws-cli.ts';

describe('every S3 key is exactly one object', () => {
  let t: S3UnderTest;
  before(async () => {
    t = await startS3UnderTest('s3-keys');
  });
  after(async () => {
    await t.stop();
  });

  const put = (key: string, body: string) => t.client.send(new PutObjectCommand({ Bucket: 'output', Key: key, Body: body }));
  const get = async (key: string) => (await t.client.send(new GetObjectCommand({ Bucket: 'output', Key: key }))).Body!.transformToString();
  const keysUnder = async (prefix: string) =>
    ((await t.client.send(new ListObjectsV2Command({ Bucket: 'output', Prefix: prefix }))).Contents ?? []).map((o) => o.Key);

  test('a//b.csv and a/b.csv are two objects', async () => {
    await put('double/a/b.csv', 'single slash');
    await put('double/a//b.csv', 'double slash');
    assert.equal(await get('double/a/b.csv'), 'single slash');
    assert.equal(await get('double/a//b.csv'), 'double slash');
    assert.deepEqual(await keysUnder('double/'), ['double/a//b.csv', 'double/a/b.csv']);
  });

  test('/x and x are two objects', async () => {
    await put('lead.csv', 'no slash');
    await put('/lead.csv', 'leading slash');
    assert.equal(await get('lead.csv'), 'no slash');
    assert.equal(await get('/lead.csv'), 'leading slash');
    assert.deepEqual(await keysUnder('/lead'), ['/lead.csv']);
  });

  test("a key that looks like a stored file's name does not touch its sibling", async () => {
    await put('look/a.csv', 'sibling');
    await put('look/a.csv._S3rver_object/b.csv', 'looks like a store file');
    await put('look/a.csv._S3rver_metadata.json', 'looks like metadata');
    assert.equal(await get('look/a.csv'), 'sibling');
    assert.equal(await get('look/a.csv._S3rver_object/b.csv'), 'looks like a store file');
    assert.equal(await get('look/a.csv._S3rver_metadata.json'), 'looks like metadata');
  });

  test('path segments over 255 bytes and a NUL are ordinary key characters', async () => {
    const long = `long/${'s'.repeat(300)}/${'é'.repeat(200)}.csv`;
    await put(long, 'long segments');
    await put('nul/a\u0000b.csv', 'with NUL');
    assert.equal(await get(long), 'long segments');
    assert.equal(await get('nul/a\u0000b.csv'), 'with NUL');
    await assert.rejects(get('nul/a.csv'), { name: 'NoSuchKey' });
  });

  test('1,024 UTF-8 bytes is the longest key; 1,025 is KeyTooLongError', async () => {
    await put('k'.repeat(1024), 'longest');
    assert.equal(await get('k'.repeat(1024)), 'longest');
    await assert.rejects(put('k'.repeat(1025), 'too long'), { name: 'KeyTooLongError' });
    await assert.rejects(put(`${'é'.repeat(512)}k`, 'too long in bytes'), { name: 'KeyTooLongError' }); // 513 characters, 1,025 bytes
  });
});

describe('listings page through more than 1,000 objects', () => {
  const COUNT = 1001;
  const keyOf = (i: number) => `many/${['x', 'y', 'z'][i % 3]}/${String(i).padStart(5, '0')}.csv`;
  const all = Array.from({ length: COUNT }, (_, i) => keyOf(i)).sort();
  let t: S3UnderTest;
  before(async () => {
    t = await startS3UnderTest('s3-list');
    for (let i = 0; i < COUNT; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, COUNT - i) }, (_, j) =>
          t.client.send(new PutObjectCommand({ Bucket: 'output', Key: keyOf(i + j), Body: 'x' })),
        ),
      );
    }
  });
  after(async () => {
    await t.stop();
  });

  test('ListObjectsV2 paginator, ListObjects markers and delimiter paging all list 1,001 keys in order', async () => {
    // Act: the SDK's V2 paginator (continuation tokens), v1 markers in pages of 400, common prefixes one per page
    const v2: string[] = [];
    let pages = 0;
    for await (const page of paginateListObjectsV2({ client: t.client }, { Bucket: 'output', Prefix: 'many/' })) {
      pages++;
      v2.push(...(page.Contents ?? []).map((o) => o.Key!));
    }
    const v1: string[] = [];
    let marker: string | undefined;
    for (;;) {
      const page = await t.client.send(new ListObjectsCommand({ Bucket: 'output', Prefix: 'many/', MaxKeys: 400, Marker: marker }));
      v1.push(...(page.Contents ?? []).map((o) => o.Key!));
      if (!page.IsTruncated) break;
      marker = page.NextMarker ?? v1.at(-1);
    }
    const prefixes: string[] = [];
    for await (const page of paginateListObjectsV2(
      { client: t.client, pageSize: 1 },
      { Bucket: 'output', Delimiter: '/', Prefix: 'many/' },
    )) {
      prefixes.push(...(page.CommonPrefixes ?? []).map((p) => p.Prefix!));
    }
    const afterX = await t.client.send(new ListObjectsV2Command({ Bucket: 'output', Prefix: 'many/x/', StartAfter: 'many/x/00990.csv' }));
    // Assert
    assert.equal(pages, 2);
    assert.deepEqual(v2, all);
    assert.deepEqual(v1, all);
    assert.deepEqual(prefixes, ['many/x/', 'many/y/', 'many/z/']);
    assert.deepEqual(
      afterX.Contents?.map((o) => o.Key),
      ['many/x/00993.csv', 'many/x/00996.csv', 'many/x/00999.csv'],
    );
  });

  test('aws s3 ls lists all 1,001 objects', { skip: !hasAwsCli() && 'aws CLI not installed' }, async () => {
    const env = {
      ...process.env,
      AWS_ACCESS_KEY_ID: 't',
      AWS_SECRET_ACCESS_KEY: 't',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: '/dev/null',
    };
    const { stdout } = await promisify(execFile)('aws', ['s3', 'ls', '--recursive', 's3://output/many/', '--endpoint-url', t.edge.url], {
      env,
    });
    const listed = stdout
      .trim()
      .split('\n')
      .map((line) => line.trim().split(/\s+/).at(-1));
    assert.deepEqual(listed, all);
  });
});
