import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { FileSystemObjectStore } from '../../../../local/s3/FileSystemObjectStore.ts';
import { keyHash } from '../../../../local/s3/store-paths.ts';
import type { OpenedObject } from '../../../../local/s3/object-store.ts';
import { bytesOf, dataEntries, withStore } from '../../../helpers/object-store.ts';

const body = (text: string): Readable => Readable.from([Buffer.from(text)]);

const text = async (opened: OpenedObject | undefined): Promise<string> => (await bytesOf(opened)).toString('utf8');

test('objects survive a reopen; a data file no record names (a write cut short) is removed then', () =>
  withStore(async (store, root) => {
    await store.put('bucket', 'kept.csv', body('kept'), { 'content-type': 'text/csv' });
    const hash = keyHash('kept.csv');
    await writeFile(join(root, 'store', 'bucket', 'objects', hash.slice(0, 2), `${hash}.0123456789abcdef`), 'orphan');
    const reopened = await FileSystemObjectStore.open(root);
    assert.equal(reopened.head('bucket', 'kept.csv')?.size, 4);
    assert.equal(reopened.head('bucket', 'kept.csv')?.headers['content-type'], 'text/csv');
    assert.equal((await dataEntries(root, 'kept.csv')).length, 1);
  }));

test('a reader keeps the version it opened while the key is replaced; concurrent writers leave one version', () =>
  withStore(async (store, root) => {
    await store.put('bucket', 'k', body('first version'), {});
    const opened = await store.open('bucket', 'k');
    await Promise.all(['second', 'third', 'fourth'].map((text) => store.put('bucket', 'k', body(text), {})));
    const read = await text(opened);
    assert.equal(read, 'first version');
    assert.equal((await dataEntries(root, 'k')).length, 1);
    const current = await store.open('bucket', 'k');
    const bytes = await text(current);
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
