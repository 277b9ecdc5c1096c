import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { FileSystemObjectStore } from '../../../../local/s3/FileSystemObjectStore.ts';
import { keyHash } from '../../../../local/s3/store-paths.ts';
import type { ByteRange, OpenedObject } from '../../../../local/s3/object-store.ts';

async function withStore(run: (store: FileSystemObjectStore, root: string) => Promise<void>): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'fs-store-'));
  try {
    const store = await FileSystemObjectStore.open(root);
    await store.createBucket('bucket');
    await run(store, root);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

const body = (text: string): Readable => Readable.from([Buffer.from(text)]);

/** An opened version's bytes (or a range of them), then closed. */
async function bytesOf(opened: OpenedObject, range?: ByteRange): Promise<Buffer> {
  try {
    return Buffer.concat(await opened.read(range).toArray());
  } finally {
    await opened.close();
  }
}

const text = async (opened: OpenedObject): Promise<string> => (await bytesOf(opened)).toString('utf8');

async function dataFiles(root: string, key: string): Promise<string[]> {
  const hash = keyHash(key);
  return (await readdir(join(root, 'store', 'bucket', 'objects', hash.slice(0, 2)))).filter(
    (name) => name.startsWith(`${hash}.`) && !name.endsWith('.json'),
  );
}

test('objects survive a reopen; a data file no record names (a write cut short) is removed then', () =>
  withStore(async (store, root) => {
    await store.put('bucket', 'kept.csv', body('kept'), { 'content-type': 'text/csv' });
    const hash = keyHash('kept.csv');
    await writeFile(join(root, 'store', 'bucket', 'objects', hash.slice(0, 2), `${hash}.0123456789abcdef`), 'orphan');
    const reopened = await FileSystemObjectStore.open(root);
    assert.equal(reopened.head('bucket', 'kept.csv')?.size, 4);
    assert.equal(reopened.head('bucket', 'kept.csv')?.headers['content-type'], 'text/csv');
    assert.equal((await dataFiles(root, 'kept.csv')).length, 1);
  }));

test('a reader keeps the version it opened while the key is replaced; concurrent writers leave one version', () =>
  withStore(async (store, root) => {
    await store.put('bucket', 'k', body('first version'), {});
    const opened = await store.open('bucket', 'k');
    await Promise.all(['second', 'third', 'fourth'].map((text) => store.put('bucket', 'k', body(text), {})));
    const read = await text(opened!);
    assert.equal(read, 'first version');
    assert.equal((await dataFiles(root, 'k')).length, 1);
    const current = await store.open('bucket', 'k');
    const bytes = await text(current!);
    assert.ok(['second', 'third', 'fourth'].includes(bytes));
    assert.equal(current!.record.size, bytes.length);
  }));

test('DeleteBucket refuses a bucket with objects (BucketNotEmpty), then removes only its own folder', () =>
  withStore(async (store, root) => {
    await store.createBucket('other');
    await store.put('bucket', 'a', body('a'), {});
    await assert.rejects(store.deleteBucket('bucket'), { code: 'BucketNotEmpty' });
    await store.delete('bucket', 'a');
    await store.deleteBucket('bucket');
    assert.deepEqual(
      store.listBuckets().map((b) => b.name),
      ['other'],
    );
    assert.deepEqual(await readdir(join(root, 'store')), ['other']);
    await assert.rejects(store.put('bucket', 'a', body('a'), {}), { code: 'NoSuchBucket' });
  }));

test('conditional writes: If-None-Match * only for a free key, If-Match only over that ETag', () =>
  withStore(async (store) => {
    const first = await store.put('bucket', 'c', body('one'), {}, { ifNoneMatch: '*' });
    await assert.rejects(store.put('bucket', 'c', body('two'), {}, { ifNoneMatch: '*' }), { code: 'PreconditionFailed' });
    await assert.rejects(store.put('bucket', 'c', body('two'), {}, { ifMatch: '"00000000000000000000000000000000"' }), {
      code: 'PreconditionFailed',
    });
    await store.put('bucket', 'c', body('two'), {}, { ifMatch: `"${first.etag}"` });
    await assert.rejects(store.put('bucket', 'free', body('x'), {}, { ifMatch: '*' }), { code: 'NoSuchKey' });
  }));
