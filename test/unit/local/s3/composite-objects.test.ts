import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { FileSystemObjectStore } from '../../../../local/s3/FileSystemObjectStore.ts';
import type { ByteRange, ObjectStore } from '../../../../local/s3/object-store.ts';
import { bytesOf, dataEntries, withStore } from '../../../helpers/object-store.ts';
import { MIN_PART_BYTES } from '../../../../local/s3/s3-rules.ts';

/** A multipart upload of `parts` (each sent with UploadPart); returns the completed record. */
async function multipart(store: ObjectStore, key: string, parts: Buffer[]) {
  const uploadId = await store.createUpload('bucket', key, {});
  const upload = { bucket: 'bucket', key, uploadId };
  const written = await Promise.all(parts.map((part, i) => store.putPart(upload, i + 1, Readable.from([part]))));
  return store.completeUpload(
    upload,
    written.map((part, i) => ({ partNumber: i + 1, etag: part.etag })),
  );
}

const parts = (): Buffer[] => [randomBytes(MIN_PART_BYTES), randomBytes(MIN_PART_BYTES + 7), randomBytes(1234)];

test('a multipart object of several parts is kept as links to its parts: same bytes, any range across them', () =>
  withStore(async (store, root) => {
    const sent = parts();
    const whole = Buffer.concat(sent);
    const record = await multipart(store, 'm.csv', sent);
    assert.equal(record.size, whole.length);
    assert.match(record.etag, /^[0-9a-f]{32}-3$/);
    const [data] = await dataEntries(root, 'm.csv');
    assert.ok((await stat(data!)).isDirectory(), 'a composite folder, not a concatenated file');
    assert.deepEqual(await bytesOf(await store.open('bucket', 'm.csv')), whole);
    const size = whole.length;
    const ranges: ByteRange[] = [
      { start: 0, end: 0 },
      { start: MIN_PART_BYTES - 3, end: MIN_PART_BYTES + 2 }, // across the first cut
      { start: 10, end: 2 * MIN_PART_BYTES + 100 }, // all three parts
      { start: size - 1234, end: size - 1 }, // exactly the last part
      { start: size - 1, end: size - 1 },
    ];
    for (const range of ranges) {
      assert.deepEqual(await bytesOf(await store.open('bucket', 'm.csv'), range), whole.subarray(range.start, range.end + 1));
    }
  }));

test('a composite copied (CopyObject, UploadPartCopy whole or by range) stays byte-exact after its source is deleted', () =>
  withStore(async (store) => {
    const sent = parts();
    const whole = Buffer.concat(sent);
    await multipart(store, 'src', sent);
    await store.copy({ bucket: 'bucket', key: 'src' }, { bucket: 'bucket', key: 'copy' }, undefined);
    const uploadId = await store.createUpload('bucket', 'assembled', {});
    const upload = { bucket: 'bucket', key: 'assembled', uploadId };
    const first = await store.copyPart(upload, 1, { bucket: 'bucket', key: 'src' }, undefined);
    const second = await store.copyPart(upload, 2, { bucket: 'bucket', key: 'src' }, { start: 100, end: MIN_PART_BYTES + 200 });
    await store.completeUpload(upload, [
      { partNumber: 1, etag: first.etag },
      { partNumber: 2, etag: second.etag },
    ]);
    await store.delete('bucket', 'src');
    assert.deepEqual(await bytesOf(await store.open('bucket', 'copy')), whole);
    assert.deepEqual(
      await bytesOf(await store.open('bucket', 'assembled')),
      Buffer.concat([whole, whole.subarray(100, MIN_PART_BYTES + 201)]),
    );
  }));

test("a composite's reader keeps its version while the key is replaced; the old folder goes once it is done", () =>
  withStore(async (store, root) => {
    const sent = parts();
    await multipart(store, 'k', sent);
    const reader = await store.open('bucket', 'k');
    await store.put('bucket', 'k', Readable.from([Buffer.from('new')]), {});
    assert.equal((await dataEntries(root, 'k')).length, 2, 'the old folder waits for its reader');
    assert.deepEqual(await bytesOf(reader), Buffer.concat(sent));
    assert.equal((await dataEntries(root, 'k')).length, 1);
    assert.equal((await bytesOf(await store.open('bucket', 'k'))).toString(), 'new');
  }));

test('a composite survives a reopen of the store; an upload of one part is still a plain file', () =>
  withStore(async (store, root) => {
    const sent = parts();
    await multipart(store, 'm', sent);
    await multipart(store, 'one', [Buffer.from('only part')]);
    const reopened = await FileSystemObjectStore.open(root);
    assert.deepEqual(await bytesOf(await reopened.open('bucket', 'm')), Buffer.concat(sent));
    const [single] = await dataEntries(root, 'one');
    assert.ok((await stat(single!)).isFile());
    assert.equal((await bytesOf(await reopened.open('bucket', 'one'))).toString(), 'only part');
  }));

test('a completion refused (a part with the wrong ETag) leaves every part in place: the corrected one succeeds', () =>
  withStore(async (store) => {
    const sent = parts();
    const uploadId = await store.createUpload('bucket', 'retried', {});
    const upload = { bucket: 'bucket', key: 'retried', uploadId };
    const written = await Promise.all(sent.map((part, i) => store.putPart(upload, i + 1, Readable.from([part]))));
    const listed = written.map((part, i) => ({ partNumber: i + 1, etag: part.etag }));
    const wrong = listed.map((part, i) => (i === 2 ? { ...part, etag: '0'.repeat(32) } : part));
    await assert.rejects(store.completeUpload(upload, wrong), { code: 'InvalidPart' });
    await store.completeUpload(upload, listed);
    assert.deepEqual(await bytesOf(await store.open('bucket', 'retried')), Buffer.concat(sent));
  }));

test('a composite folder no record names (a completion cut short by a crash) is removed at the next start', () =>
  withStore(async (store, root) => {
    await multipart(store, 'm', parts());
    const [folder] = await dataEntries(root, 'm');
    await store.delete('bucket', 'm');
    await mkdir(folder!);
    await writeFile(join(folder!, '0'), 'orphaned part');
    await FileSystemObjectStore.open(root);
    assert.deepEqual(await dataEntries(root, 'm'), []);
  }));

test('a completed or aborted upload is gone at once: its folder leaves the uploads folder, its part files the store', () =>
  withStore(async (store, root) => {
    const uploads = join(root, 'store', 'bucket', 'uploads');
    const record = await multipart(store, 'done.csv', parts());
    assert.deepEqual(await readdir(uploads), []);
    const aborted = { bucket: 'bucket', key: 'aborted.csv', uploadId: await store.createUpload('bucket', 'aborted.csv', {}) };
    await store.putPart(aborted, 1, Readable.from([randomBytes(100)]));
    await store.abortUpload(aborted);
    assert.deepEqual(await readdir(uploads), []);
    await assert.rejects(store.putPart(aborted, 2, Readable.from([randomBytes(100)])), { code: 'NoSuchUpload' });
    await assert.rejects(store.abortUpload(aborted), { code: 'NoSuchUpload' });
    // The folders were moved to the temp folder and are removed from there in the background.
    for (let waited = 0; (await readdir(join(root, 'tmp'))).length > 0; waited += 10) {
      assert.ok(waited < 5000, 'the temp folder empties');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.equal((await bytesOf(await store.open('bucket', 'done.csv'))).length, record.size);
  }));
