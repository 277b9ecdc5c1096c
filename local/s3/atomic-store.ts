import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { installDotSegmentEncoding } from './dot-segments.ts';
import { FilesystemStore, S3Object, type FilesystemStoreLike, type S3ObjectModel, type S3rverObjectLike } from './s3rver-module.ts';

export interface ByteRange {
  start?: number;
  end?: number;
}

interface Written {
  size: number;
  md5: string;
}

/** Streams content into a file, resolving only once the file is fully on disk (s3rver resolves too early). */
async function writeContent(content: Readable | Buffer, path: string): Promise<Written> {
  const md5 = createHash('md5');
  if (Buffer.isBuffer(content)) {
    await writeFile(path, content);
    return { size: content.length, md5: md5.update(content).digest('hex') };
  }
  let size = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      md5.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  await pipeline(content, measure, createWriteStream(path));
  return { size, md5: md5.digest('hex') };
}

/**
 * s3rver's store with atomic writes. s3rver writes objects in place and answers before the file is flushed,
 * so a GET right after a PUT (or during a multipart completion) can see a truncated or half-written object,
 * and an aborted upload leaves a partial object behind. Here content goes to a temp file outside the bucket
 * tree and is renamed into place once complete: readers see the old object or the new one, never a mix.
 */
export function createAtomicStore(rootDirectory: string, tempDirectory: string): FilesystemStoreLike {
  installDotSegmentEncoding();
  const store = new FilesystemStore(rootDirectory) as FilesystemStoreLike & {
    putObject(object: S3rverObjectLike): Promise<Written>;
    putPart(bucket: string, uploadId: string, partNumber: string | number, content: Readable): Promise<Written>;
    getObject(bucket: string, key: string, range?: ByteRange): Promise<S3ObjectModel | null>;
  };
  const tempPath = (): string => join(tempDirectory, randomBytes(12).toString('hex'));

  store.putObject = async (object) => {
    const objectPath = store.getResourcePath(object.bucket, object.key, 'object');
    const temp = tempPath();
    await mkdir(tempDirectory, { recursive: true });
    try {
      const written = await writeContent(object.content ?? Buffer.alloc(0), temp);
      await mkdir(dirname(objectPath), { recursive: true });
      await store.putMetadata(object.bucket, object.key, object.metadata, written.md5);
      await rename(temp, objectPath);
      return written;
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  };

  store.putPart = async (bucket, uploadId, partNumber, content) => {
    const partPath = join(store.getResourcePath(bucket, undefined, 'uploads'), uploadId, String(partNumber));
    const temp = tempPath();
    await mkdir(tempDirectory, { recursive: true });
    try {
      const written = await writeContent(content, temp);
      await mkdir(dirname(partPath), { recursive: true });
      await writeFile(`${partPath}.md5`, written.md5);
      await rename(temp, partPath);
      return written;
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  };
  store.getObject = (bucket, key, range) => getObjectRange(store, bucket, key, range);
  return store;
}

/**
 * s3rver's getObject reads `bytes=0-0` as the whole object and answers a range on an empty object with a
 * broken response. Here: `end` is inclusive and optional, and a range that starts past the end (or any range
 * on an empty object) is unsatisfiable (no content, so s3rver answers 416 InvalidRange as S3 does).
 */
async function getObjectRange(
  store: FilesystemStoreLike,
  bucket: string,
  key: string,
  range: ByteRange | undefined,
): Promise<S3ObjectModel | null> {
  try {
    const metadata = await store.getMetadata(bucket, key);
    const size = Number(metadata['content-length']);
    const ranged = range !== undefined && (range.start !== undefined || range.end !== undefined);
    const start = range?.start ?? 0;
    const end = Math.min(range?.end ?? Number.POSITIVE_INFINITY, size - 1);
    if (ranged && (start >= size || start > end || !Number.isFinite(start))) {
      const object = new S3Object(bucket, key, null, metadata);
      object.range = { start, end };
      return object;
    }
    const path = store.getResourcePath(bucket, key, 'object');
    const content = await openRange(path, ranged ? { start, end } : {});
    const object = new S3Object(bucket, key, content, metadata);
    if (ranged) object.range = { start, end };
    return object;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function openRange(path: string, range: { start?: number; end?: number }): Promise<Readable> {
  return new Promise((resolve, reject) => {
    const stream = createReadStream(path, range)
      .on('error', reject)
      .on('open', () => resolve(stream));
  });
}
