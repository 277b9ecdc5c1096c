import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSystemObjectStore } from '../../local/s3/FileSystemObjectStore.ts';
import type { ByteRange, OpenedObject } from '../../local/s3/object-store.ts';
import { keyHash } from '../../local/s3/store-paths.ts';

/** A fresh local S3 store in a temp folder with one bucket, `bucket`; removed afterwards. */
export async function withStore(run: (store: FileSystemObjectStore, root: string) => Promise<void>): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'fs-store-'));
  try {
    const store = await FileSystemObjectStore.open(root);
    await store.createBucket('bucket');
    await run(store, root);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** An opened version's bytes (or a range of them), then closed. */
export async function bytesOf(opened: OpenedObject | undefined, range?: ByteRange): Promise<Buffer> {
  assert.ok(opened, 'the object exists');
  try {
    return Buffer.concat(await opened.read(range).toArray());
  } finally {
    await opened.close();
  }
}

/** The data entries (files, or composite folders) of the key's versions in `bucket`. */
export async function dataEntries(root: string, key: string): Promise<string[]> {
  const hash = keyHash(key);
  const dir = join(root, 'store', 'bucket', 'objects', hash.slice(0, 2));
  return (await readdir(dir)).filter((name) => name.startsWith(`${hash}.`) && !name.endsWith('.json')).map((name) => join(dir, name));
}
