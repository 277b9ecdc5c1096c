import { existsSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SortedKeys } from './key-index.ts';
import type { BucketConfigName, ObjectRecord } from './object-store.ts';
import { isValidBucketName } from './s3-rules.ts';
import { keyHash, type StorePaths } from './store-paths.ts';

/** An object's record as kept on disk and in memory: the object, and which data file holds its bytes. */
export interface StoredRecord extends ObjectRecord {
  generation: string;
  /** A composite object's part sizes, in order (object-bytes.ts); absent for a plain object (one data file). */
  segments?: number[];
}

export interface BucketState {
  created: number;
  configs: Map<BucketConfigName, string>;
  keys: SortedKeys;
  records: Map<string, StoredRecord>;
}

/**
 * Reads every bucket's records into memory at start. A data file no record names is the leftover of a write cut
 * short by a crash (after the bytes were placed, before the record was) or of a replaced version: it is removed.
 * A record whose data file is gone is not loaded.
 * Folders of the s3rver-era layout (`<data>/buckets`) are not read.
 */
export async function loadBuckets(paths: StorePaths, log: (line: string) => void): Promise<Map<string, BucketState>> {
  if (existsSync(join(paths.root, 'buckets'))) {
    log(`[s3] ${join(paths.root, 'buckets')} holds objects of the former s3rver store; they are not read (--fresh removes them)`);
  }
  const buckets = new Map<string, BucketState>();
  for (const name of await readdir(paths.store)) {
    if (!isValidBucketName(name)) continue;
    const info = await readFile(paths.bucketFile(name), 'utf8').then(
      (text) => JSON.parse(text) as { created: number },
      () => undefined,
    );
    if (!info) continue;
    buckets.set(name, await loadBucket(paths, name, info.created));
  }
  return buckets;
}

async function loadBucket(paths: StorePaths, bucket: string, created: number): Promise<BucketState> {
  const configs = new Map<BucketConfigName, string>();
  for (const name of ['cors', 'website'] as const) {
    const document = await readFile(paths.configPath(bucket, name), 'utf8').catch(() => undefined);
    if (document !== undefined) configs.set(name, document);
  }
  const records = new Map<string, StoredRecord>();
  const objects = paths.objectsDir(bucket);
  const shards = await readdir(objects).catch(() => [] as string[]);
  for (const shard of shards) {
    const dir = join(objects, shard);
    const files = await readdir(dir);
    const found = await Promise.all(
      files.filter((file) => file.endsWith('.json')).map((file) => readRecord(join(dir, file), file.slice(0, -5))),
    );
    const present = new Set(files);
    const kept = new Set<string>();
    for (const record of found) {
      const dataFile = record && `${keyHash(record.key)}.${record.generation}`;
      if (!record || !dataFile || !present.has(dataFile)) continue; // a record without its bytes (removed by hand) is no object
      records.set(record.key, record);
      kept.add(dataFile);
    }
    await Promise.all(
      files
        .filter((file) => !file.endsWith('.json') && !kept.has(file))
        .map((file) => rm(join(dir, file), { recursive: true, force: true })),
    );
  }
  return { created, configs, keys: new SortedKeys([...records.keys()]), records };
}

async function readRecord(path: string, hash: string): Promise<StoredRecord | undefined> {
  try {
    const record = JSON.parse(await readFile(path, 'utf8')) as StoredRecord;
    return keyHash(record.key) === hash ? record : undefined;
  } catch {
    return undefined;
  }
}
