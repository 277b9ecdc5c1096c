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

/**
 * An opened version's bytes (or a range of them), then closed: by positioned reads into a small buffer, so reads meet
 * every segment boundary of a composite object.
 */
export async function bytesOf(opened: OpenedObject | undefined, range?: ByteRange): Promise<Buffer> {
  assert.ok(opened, 'the object exists');
  try {
    const bytes = await positionedBytes(opened, range ?? { start: 0, end: opened.record.size - 1 });
    assert.equal(await opened.readInto(Buffer.alloc(1), opened.record.size), 0, 'nothing past the end');
    return bytes;
  } finally {
    await opened.close();
  }
}

/** The range's bytes by `readInto`, 1,000 at most per read. */
async function positionedBytes(opened: OpenedObject, range: ByteRange): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for (let position = range.start; position <= range.end; ) {
    const target = Buffer.alloc(Math.min(1000, range.end - position + 1));
    const read = await opened.readInto(target, position);
    assert.ok(read > 0, `readInto returned nothing at ${position}, inside the object`);
    pieces.push(target.subarray(0, read));
    position += read;
  }
  return Buffer.concat(pieces);
}

/** The data entries (files, or composite folders) of the key's versions in `bucket`. */
export async function dataEntries(root: string, key: string): Promise<string[]> {
  const hash = keyHash(key);
  const dir = join(root, 'store', 'bucket', 'objects', hash.slice(0, 2));
  return (await readdir(dir)).filter((name) => name.startsWith(`${hash}.`) && !name.endsWith('.json')).map((name) => join(dir, name));
}
