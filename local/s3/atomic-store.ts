import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { installDotSegmentEncoding } from './dot-segments.ts';
import { concatFiles, copyContent, linkWholeObject, multipartEtag } from './file-copy.ts';
import { FilesystemStore, S3Object, type FilesystemStoreLike, type S3ObjectModel, type S3rverObjectLike } from './s3rver-module.ts';

/** What the S3 front writes straight into the store (no HTTP hop to s3rver for the bulk data paths). */
export interface PartStore {
  putPart(bucket: string, uploadId: string, partNumber: string | number, content: Readable): Promise<Written>;
  /** UploadPartCopy: null when the source does not exist, 'invalid-range' when the range is outside it. */
  putPartCopy(
    bucket: string,
    uploadId: string,
    partNumber: string | number,
    source: { bucket: string; key: string },
    range: { start: number; end: number } | undefined,
  ): Promise<Written | null | 'invalid-range'>;
}

/** Reads an object (or a byte range of it) from the store; null when there is none. */
export interface ObjectReader {
  getObject(bucket: string, key: string, range?: ByteRange): Promise<S3ObjectModel | null>;
}

export interface ByteRange {
  start?: number;
  end?: number;
}

export interface Written {
  size: number;
  md5: string;
}

interface CompletedPart {
  number: number;
  etag: string;
}

/** Part copies run many at once (finalize copies every chunk's part in parallel): smaller reads each. */
const PART_COPY_BUFFER_BYTES = 256 * 1024;

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
export function createAtomicStore(rootDirectory: string, tempDirectory: string): FilesystemStoreLike & PartStore & ObjectReader {
  installDotSegmentEncoding();
  const store = new FilesystemStore(rootDirectory) as FilesystemStoreLike & {
    putObject(object: S3rverObjectLike): Promise<Written>;
    putPart(bucket: string, uploadId: string, partNumber: string | number, content: Readable): Promise<Written>;
    getObject(bucket: string, key: string, range?: ByteRange): Promise<S3ObjectModel | null>;
    putObjectMultipart(bucket: string, uploadId: string, parts: CompletedPart[]): Promise<Written>;
    copyObject(srcBucket: string, srcKey: string, destBucket: string, destKey: string, replacement: Record<string, string | number> | null): Promise<Record<string, string | number>>;
    putPartCopy: PartStore['putPartCopy'];
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

  const partPath = (bucket: string, uploadId: string, partNumber: string | number): string =>
    join(store.getResourcePath(bucket, undefined, 'uploads'), uploadId, String(partNumber));

  store.putPart = async (bucket, uploadId, partNumber, content) => {
    const path = partPath(bucket, uploadId, partNumber);
    const temp = tempPath();
    await mkdir(tempDirectory, { recursive: true });
    try {
      const written = await writeContent(content, temp);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(`${path}.md5`, written.md5);
      await rename(temp, path);
      return written;
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  };
  store.getObject = (bucket, key, range) => getObjectRange(store, bucket, key, range);

  store.putPartCopy = async (bucket, uploadId, partNumber, source, range) => {
    let opened: Awaited<ReturnType<typeof openConsistent>>;
    try {
      opened = await openConsistent(store, source.bucket, source.key);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    try {
      const size = Number(opened.metadata['content-length']);
      if (range && (range.start >= size || range.end >= size)) return 'invalid-range';
      if (!range || (range.start === 0 && range.end === size - 1)) {
        const linked = await linkWholeObject(store.getResourcePath(source.bucket, source.key, 'object'), opened, partPath(bucket, uploadId, partNumber));
        if (linked) return linked;
      }
      const content = opened.handle.createReadStream({ ...(range ?? {}), highWaterMark: PART_COPY_BUFFER_BYTES, autoClose: false });
      return await store.putPart(bucket, uploadId, partNumber, content);
    } finally {
      await opened.handle.close().catch(() => undefined);
    }
  };

  store.putObjectMultipart = async (bucket, uploadId, parts) => {
    const uploadDir = join(store.getResourcePath(bucket, undefined, 'uploads'), uploadId);
    const [key, metadata] = await Promise.all([
      readFile(join(uploadDir, 'key'), 'utf8'),
      readFile(join(uploadDir, 'metadata'), 'utf8').then((text) => JSON.parse(text) as Record<string, string | number>),
    ]);
    const paths = [...parts].sort((a, b) => a.number - b.number).map((part) => join(uploadDir, String(part.number)));
    const objectPath = store.getResourcePath(bucket, key, 'object');
    const temp = tempPath();
    try {
      const md5 = await multipartEtag(paths); // before concatFiles, which may move the first part's file
      const size = await concatFiles(paths, temp);
      await mkdir(dirname(objectPath), { recursive: true });
      await store.putMetadata(bucket, key, metadata, md5);
      await rename(temp, objectPath);
      await rm(uploadDir, { recursive: true, force: true });
      return { size, md5 };
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  };

  store.copyObject = async (srcBucket, srcKey, destBucket, destKey, replacement) => {
    const source = await openConsistent(store, srcBucket, srcKey);
    const destPath = store.getResourcePath(destBucket, destKey, 'object');
    const temp = tempPath();
    try {
      const md5 = JSON.parse(String(source.metadata.etag)) as string;
      if (destPath !== store.getResourcePath(srcBucket, srcKey, 'object')) {
        await copyContent(source, store.getResourcePath(srcBucket, srcKey, 'object'), temp);
        await mkdir(dirname(destPath), { recursive: true });
        await store.putMetadata(destBucket, destKey, replacement ?? source.metadata, md5);
        await rename(temp, destPath);
      } else {
        await store.putMetadata(destBucket, destKey, replacement ?? source.metadata, md5);
      }
      return await store.getMetadata(destBucket, destKey);
    } finally {
      await source.handle.close().catch(() => undefined);
      await rm(temp, { force: true });
    }
  };
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
  let opened: { metadata: Record<string, string | number>; handle: FileHandle } | undefined;
  try {
    opened = await openConsistent(store, bucket, key);
    const { metadata, handle } = opened;
    const size = Number(metadata['content-length']);
    const ranged = range !== undefined && (range.start !== undefined || range.end !== undefined);
    const start = range?.start ?? 0;
    const end = Math.min(range?.end ?? Number.POSITIVE_INFINITY, size - 1);
    if (ranged && (start >= size || start > end || !Number.isFinite(start))) {
      await handle.close();
      const object = new S3Object(bucket, key, null, metadata);
      object.range = { start, end };
      return object;
    }
    const content = handle.createReadStream(ranged ? { start, end } : {});
    const object = new S3Object(bucket, key, content, metadata);
    if (ranged) object.range = { start, end };
    return object;
  } catch (error) {
    await opened?.handle.close().catch(() => undefined);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Metadata and content are two files, replaced one after the other by a PUT of the same key. A GET that read the
 * metadata of one version and opened the content of the other would announce the wrong Content-Length and hang
 * or cut the body. So the content is opened first-hand (the open file stays that version even if renamed over) and
 * its size must match the metadata's; otherwise a replacement is under way and both are read again.
 */
async function openConsistent(store: FilesystemStoreLike, bucket: string, key: string): Promise<{ metadata: Record<string, string | number>; handle: FileHandle }> {
  const path = store.getResourcePath(bucket, key, 'object');
  for (let attempt = 0; ; attempt++) {
    const metadata = await store.getMetadata(bucket, key);
    const handle = await open(path, 'r');
    const { size } = await handle.stat();
    if (size === Number(metadata['content-length']) || attempt >= 20) return { metadata, handle };
    await handle.close();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
