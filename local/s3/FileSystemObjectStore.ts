import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, open, rm, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { S3RequestError } from './errors.ts';
import {
  copiedPartEtag,
  linkOrCopy,
  multipartEtag,
  readCrc32,
  readSmallFile,
  writeContent,
  writeRangeContent,
  writeFileAtomic,
  writeJsonAtomic,
} from './file-copy.ts';
import { SortedKeys } from './key-index.ts';
import { KeyLocks } from './KeyLocks.ts';
import { checkCompletedParts, placePart } from './multipart-parts.ts';
import { linkFile, linkSegments, readHandleInto, segmentReader, segmentsIn, type Segment } from './object-bytes.ts';
import { DataPins } from './data-pins.ts';
import type {
  BucketConfigName,
  BucketInfo,
  ByteRange,
  CompletedPart,
  ListPage,
  ListQuery,
  ObjectAddress,
  ObjectRecord,
  ObjectStore,
  OpenedObject,
  PartWritten,
  PutOptions,
  StoredHeaders,
  Tag,
  UploadAddress,
} from './object-store.ts';
import { checkContentMd5, checkKey, noSuchBucket, noSuchKey, noSuchUpload, preconditionFailed } from './s3-rules.ts';
import { loadBuckets, type BucketState, type StoredRecord } from './load-store.ts';
import { newGeneration, StorePaths } from './store-paths.ts';
import { etagMatches } from './conditions.ts';
import {
  checkStatedChecksum,
  copiedChecksum,
  multipartChecksum,
  partChecksum,
  statedObjectChecksum,
  type ChecksumAlgorithm,
  type ClaimedChecksum,
  type ObjectChecksum,
  type UploadChecksum,
} from './checksums.ts';
import { crc32OfPieces } from './crc32-combine.ts';

/** One version opened by the store: a plain object's data file held open, or a composite's segments (pinned). */
interface OpenedVersion extends OpenedObject {
  record: StoredRecord;
  path: string;
  handle?: FileHandle;
  segments?: Segment[];
}

/** How a new version's bytes get to their data path: a finished temp file or folder is moved, an open object linked. */
type Placement = { temp: string } | { source: OpenedVersion };

interface UploadRecord {
  key: string;
  headers: StoredHeaders;
  initiated: number;
  checksum?: UploadChecksum;
}

/**
 * The local S3's objects on disk (see StorePaths for the layout), with every bucket's records also in memory: a
 * sorted key index for listings and the record of each key, so HEAD and LIST never touch the disk. Every write is
 * atomic: bytes are received into a temp file and become a new data file, then the record is replaced by a rename;
 * readers hold the record of one version and open that version's own data file, so they never mix two versions.
 */
export class FileSystemObjectStore implements ObjectStore {
  readonly #paths: StorePaths;
  readonly #buckets: Map<string, BucketState>;
  readonly #locks = new KeyLocks();
  readonly #pins = new DataPins();

  private constructor(paths: StorePaths, buckets: Map<string, BucketState>) {
    this.#paths = paths;
    this.#buckets = buckets;
  }

  /** Opens (creating if needed) the store in `root`; bytes of uploads cut short by a crash are dropped. */
  static async open(root: string, log: (line: string) => void = () => undefined): Promise<FileSystemObjectStore> {
    const paths = new StorePaths(root);
    await rm(paths.temp, { recursive: true, force: true });
    await mkdir(paths.temp, { recursive: true });
    await mkdir(paths.store, { recursive: true });
    return new FileSystemObjectStore(paths, await loadBuckets(paths, log));
  }

  listBuckets(): BucketInfo[] {
    return [...this.#buckets.entries()]
      .map(([name, state]) => ({ name, created: state.created }))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  hasBucket(bucket: string): boolean {
    return this.#buckets.has(bucket);
  }

  /** Creating and deleting a bucket are serialised per name, so a delete's folder removal never meets a new bucket's files. */
  async createBucket(bucket: string): Promise<boolean> {
    const file = this.#paths.bucketFile(bucket);
    return this.#locks.run(`bucket:${bucket}`, async () => {
      if (this.#buckets.has(bucket)) return false;
      const state: BucketState = { created: Date.now(), configs: new Map(), keys: new SortedKeys(), records: new Map() };
      await mkdir(dirname(file), { recursive: true });
      writeJsonAtomic(file, this.#paths.tempPath(), { created: state.created });
      this.#buckets.set(bucket, state);
      return true;
    });
  }

  async deleteBucket(bucket: string): Promise<void> {
    const dir = this.#paths.bucketDir(bucket);
    await this.#locks.run(`bucket:${bucket}`, async () => {
      const state = this.#bucket(bucket);
      if (state.keys.size > 0) throw new S3RequestError('BucketNotEmpty', 'The bucket you tried to delete is not empty', 409);
      this.#buckets.delete(bucket);
      await rm(dir, { recursive: true, force: true });
    });
  }

  getBucketConfig(bucket: string, name: BucketConfigName): string | undefined {
    return this.#bucket(bucket).configs.get(name);
  }

  async putBucketConfig(bucket: string, name: BucketConfigName, document: string | undefined): Promise<void> {
    const state = this.#bucket(bucket);
    const path = this.#paths.configPath(bucket, name);
    await this.#locks.run(`${bucket}?${name}`, async () => {
      if (document === undefined) await rm(path, { force: true });
      else writeFileAtomic(path, this.#paths.tempPath(), document);
      if (document === undefined) state.configs.delete(name);
      else state.configs.set(name, document);
    });
  }

  head(bucket: string, key: string): ObjectRecord | undefined {
    checkKey(key);
    return this.#bucket(bucket).records.get(key);
  }

  async open(bucket: string, key: string): Promise<OpenedVersion | undefined> {
    checkKey(key);
    for (;;) {
      const record = this.#bucket(bucket).records.get(key);
      if (!record) return undefined;
      const path = this.#paths.dataPath(bucket, key, record.generation);
      if (record.segments) return this.#openComposite(record, path, record.segments);
      try {
        const handle = await open(path, 'r');
        return {
          record,
          path,
          handle,
          readInto: readHandleInto(handle),
          close: () => handle.close().catch(() => undefined),
        };
      } catch (error) {
        // Replaced (and the old version's file removed) between reading the record and opening: take the new one.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || this.#bucket(bucket).records.get(key) === record) throw error;
      }
    }
  }

  /** Pinned before any await: the version cannot be removed between reading its record and reading its files. */
  #openComposite(record: StoredRecord, path: string, sizes: number[]): OpenedVersion {
    this.#pins.pin(path);
    const segments = segmentsIn(path, sizes);
    const reader = segmentReader(segments);
    let closed = false;
    return {
      record,
      path,
      segments,
      readInto: reader.readInto,
      close: async () => {
        if (closed) return;
        closed = true;
        await reader.close();
        await this.#pins.unpin(path);
      },
    };
  }

  async put(bucket: string, key: string, content: Readable, headers: StoredHeaders, options: PutOptions = {}): Promise<ObjectRecord> {
    checkKey(key);
    this.#bucket(bucket);
    const temp = this.#paths.tempPath();
    try {
      const written = await writeContent(content, temp);
      checkContentMd5(written.md5, options.contentMd5);
      const stated = options.checksum?.();
      checkStatedChecksum(stated, written.crc32);
      const checksum = statedObjectChecksum(stated, written.crc32);
      const fields = {
        size: written.size,
        etag: written.md5,
        headers,
        tags: options.tags,
        crc32: written.crc32,
        ...(checksum ? { checksum } : {}),
      };
      return await this.#commit({ bucket, key }, fields, { temp }, (previous) => checkWrite(previous, options));
    } catch (error) {
      await rm(temp, { force: true }); // committed, it was renamed into place: only a failure leaves it
      throw error;
    }
  }

  async copy(
    source: ObjectAddress,
    target: ObjectAddress,
    headers: StoredHeaders | undefined,
    check?: (source: ObjectRecord) => void,
    asked?: ChecksumAlgorithm,
  ): Promise<ObjectRecord> {
    checkKey(target.key);
    this.#bucket(target.bucket);
    const opened = await this.#openSource(source, check);
    try {
      const { size, etag, tags } = opened.record;
      const crc32 = await crc32Of(opened);
      const checksum = copiedChecksum(opened.record.checksum, crc32, asked);
      const fields = { size, etag, headers: headers ?? opened.record.headers, tags, crc32, ...(checksum ? { checksum } : {}) };
      return await this.#commit(target, fields, { source: opened });
    } finally {
      await opened.close();
    }
  }

  async delete(bucket: string, key: string): Promise<void> {
    checkKey(key);
    await this.#locks.run(`${bucket}/${key}`, async () => {
      const state = this.#bucket(bucket);
      const previous = state.records.get(key);
      if (!previous) return;
      await rm(this.#paths.recordPath(bucket, key), { force: true });
      state.records.delete(key);
      state.keys.remove(key);
      await this.#pins.remove(this.#paths.dataPath(bucket, key, previous.generation));
    });
  }

  async setTags(bucket: string, key: string, tags: Tag[] | undefined): Promise<void> {
    checkKey(key);
    await this.#locks.run(`${bucket}/${key}`, async () => {
      const state = this.#bucket(bucket);
      const previous = state.records.get(key);
      if (!previous) throw noSuchKey();
      const record: StoredRecord = { ...previous, tags };
      writeJsonAtomic(this.#paths.recordPath(bucket, key), this.#paths.tempPath(), record);
      state.records.set(key, record);
    });
  }

  list(bucket: string, query: ListQuery): ListPage {
    const state = this.#bucket(bucket);
    const page = state.keys.page(query);
    return {
      objects: page.keys.map((key) => state.records.get(key)!),
      commonPrefixes: page.prefixes,
      truncated: page.truncated,
      last: page.last,
    };
  }

  async createUpload(bucket: string, key: string, headers: StoredHeaders, checksum?: UploadChecksum): Promise<string> {
    checkKey(key);
    this.#bucket(bucket);
    const uploadId = randomBytes(16).toString('hex');
    const dir = this.#paths.uploadDir(bucket, uploadId);
    const record: UploadRecord = { key, headers, initiated: Date.now(), ...(checksum ? { checksum } : {}) };
    // Small metadata files, written synchronously (see multipart-parts.ts).
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'upload.json'), JSON.stringify(record));
    return uploadId;
  }

  async putPart(
    upload: UploadAddress,
    partNumber: number,
    content: Readable,
    contentMd5?: string,
    claimed?: ClaimedChecksum,
  ): Promise<PartWritten> {
    const record = await this.#upload(upload);
    const temp = this.#paths.tempPath();
    try {
      const written = await writeContent(content, temp);
      checkContentMd5(written.md5, contentMd5);
      const stated = claimed?.();
      checkStatedChecksum(stated, written.crc32);
      await placePart(temp, this.#paths.partPath(upload.bucket, upload.uploadId, partNumber), written.md5, written.crc32);
      const checksum = partChecksum(record.checksum, written.crc32, stated);
      return { size: written.size, etag: written.md5, ...(checksum ? { checksum } : {}) };
    } catch (error) {
      await rm(temp, { force: true }); // placed, it was renamed into the upload: only a failure leaves it
      throw error;
    }
  }

  async copyPart(
    upload: UploadAddress,
    partNumber: number,
    source: ObjectAddress,
    range: ByteRange | undefined,
    check?: (source: ObjectRecord) => void,
  ): Promise<PartWritten> {
    const record = await this.#upload(upload);
    const opened = await this.#openSource(source, check);
    const temp = this.#paths.tempPath();
    try {
      const { size, etag } = opened.record;
      if (range && (range.start >= size || range.end >= size))
        throw new S3RequestError('InvalidArgument', `Range specified is not valid for source object of size: ${size}`);
      const whole = !range || (range.start === 0 && range.end === size - 1);
      let written: { md5: string; crc32: number };
      if (whole) {
        await linkVersion(opened, temp);
        written = { md5: copiedPartEtag(etag), crc32: await crc32Of(opened) };
      } else {
        written = await writeRangeContent(opened.readInto, range!, temp);
      }
      await placePart(temp, this.#paths.partPath(upload.bucket, upload.uploadId, partNumber), written.md5, written.crc32);
      const checksum = partChecksum(record.checksum, written.crc32);
      return { size: whole ? size : range!.end - range!.start + 1, etag: written.md5, ...(checksum ? { checksum } : {}) };
    } catch (error) {
      await rm(temp, { recursive: true, force: true }); // placed, it was renamed into the upload
      throw error;
    } finally {
      await opened.close();
    }
  }

  async completeUpload(
    upload: UploadAddress,
    parts: CompletedPart[],
    check?: (checksum: ObjectChecksum | undefined) => void,
  ): Promise<ObjectRecord> {
    return this.#locks.run(`upload:${upload.uploadId}`, async () => {
      const record = await this.#upload(upload);
      const dir = this.#paths.uploadDir(upload.bucket, upload.uploadId);
      const placed = await checkCompletedParts(
        parts,
        (partNumber) => this.#paths.partPath(upload.bucket, upload.uploadId, partNumber),
        (part) => (part.crc32 === undefined ? undefined : partChecksum(record.checksum, part.crc32)),
        record.checksum,
      );
      const etag = multipartEtag(placed.map((part) => part.md5));
      const crcs = placed.every((part) => part.crc32 !== undefined) ? (placed as { crc32: number; size: number }[]) : undefined;
      const checksum = crcs && multipartChecksum(record.checksum, crcs);
      check?.(checksum);
      const segments = placed.flatMap((part) => part.segments);
      const temp = this.#paths.tempPath();
      try {
        // One file stays a plain object; more become a composite of links to them (object-bytes.ts): nothing copied.
        const composite = segments.length > 1 ? await linkSegments(segments, temp) : undefined;
        if (!composite) await linkFile(segments[0]!.path, temp);
        const size = segments.reduce((sum, segment) => sum + segment.size, 0);
        const fields = {
          size,
          etag,
          headers: record.headers,
          ...(composite ? { segments: composite } : {}),
          ...(crcs ? { crc32: crc32OfPieces(crcs) } : {}),
          ...(checksum ? { checksum } : {}),
        };
        const created = await this.#commit(upload, fields, { temp });
        this.#discard(dir);
        return created;
      } catch (error) {
        await rm(temp, { recursive: true, force: true }); // committed, it was renamed into place
        throw error;
      }
    });
  }

  async abortUpload(upload: UploadAddress): Promise<void> {
    await this.#locks.run(`upload:${upload.uploadId}`, async () => {
      await this.#upload(upload);
      this.#discard(this.#paths.uploadDir(upload.bucket, upload.uploadId));
    });
  }

  #bucket(bucket: string): BucketState {
    const state = this.#buckets.get(bucket);
    if (!state) throw noSuchBucket();
    return state;
  }

  async #openSource(source: ObjectAddress, check?: (source: ObjectRecord) => void): Promise<OpenedVersion> {
    const opened = await this.open(source.bucket, source.key);
    if (!opened) throw noSuchKey();
    try {
      check?.(opened.record);
    } catch (error) {
      await opened.close();
      throw error;
    }
    return opened;
  }

  /** The upload's record, if it exists in this bucket for this key (S3: NoSuchUpload otherwise). */
  async #upload(upload: UploadAddress): Promise<UploadRecord> {
    checkKey(upload.key);
    this.#bucket(upload.bucket);
    const text = readSmallFile(join(this.#paths.uploadDir(upload.bucket, upload.uploadId), 'upload.json'));
    const record = text === undefined ? undefined : (JSON.parse(text) as UploadRecord);
    if (!record || record.key !== upload.key) throw noSuchUpload();
    return record;
  }

  /**
   * Ends an upload's folder at once: renamed into the temp folder (so the upload is gone for every later request)
   * and removed from there in the background; a removal cut short by a crash goes with the temp folder at the next
   * start (open).
   */
  #discard(dir: string): void {
    const trash = this.#paths.tempPath();
    try {
      renameSync(dir, trash);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    rm(trash, { recursive: true, force: true }).catch(() => undefined);
  }

  /**
   * Makes `fields` the key's current version, under the key's lock: the bytes become a new data file, the record is
   * replaced by a rename, memory follows, and the previous version's data file goes (open readers keep their bytes).
   */
  async #commit(
    target: ObjectAddress,
    fields: Pick<StoredRecord, 'size' | 'etag' | 'headers' | 'tags' | 'segments' | 'crc32' | 'checksum'>,
    placement: Placement,
    check?: (previous: StoredRecord | undefined) => void,
  ): Promise<ObjectRecord> {
    const { bucket, key } = target;
    return this.#locks.run(`${bucket}/${key}`, async () => {
      const state = this.#bucket(bucket);
      const previous = state.records.get(key);
      check?.(previous);
      const segments = 'source' in placement ? placement.source.record.segments : fields.segments;
      const record: StoredRecord = {
        key,
        ...fields,
        ...(segments ? { segments } : {}),
        lastModified: Date.now(),
        generation: newGeneration(),
      };
      const dataPath = this.#paths.dataPath(bucket, key, record.generation);
      mkdirSync(dirname(dataPath), { recursive: true });
      try {
        if ('temp' in placement) renameSync(placement.temp, dataPath);
        else await linkVersion(placement.source, dataPath);
        writeJsonAtomic(this.#paths.recordPath(bucket, key), this.#paths.tempPath(), record);
      } catch (error) {
        await rm(dataPath, { recursive: true, force: true });
        throw error;
      }
      if (this.#buckets.get(bucket) !== state) {
        // The bucket was deleted meanwhile: leave nothing a later bucket of the same name would load.
        await Promise.all([rm(dataPath, { recursive: true, force: true }), rm(this.#paths.recordPath(bucket, key), { force: true })]);
        throw noSuchBucket();
      }
      state.records.set(key, record);
      state.keys.add(key);
      if (previous) await this.#pins.remove(this.#paths.dataPath(bucket, key, previous.generation));
      return record;
    });
  }
}

/** Conditional writes (`If-None-Match: *`, `If-Match: <etag>`), checked against the current version under its lock. */
function checkWrite(previous: ObjectRecord | undefined, options: PutOptions): void {
  if (options.ifNoneMatch !== undefined && previous) throw preconditionFailed();
  if (options.ifMatch !== undefined) {
    if (!previous) throw noSuchKey();
    if (!etagMatches(options.ifMatch, previous.etag)) throw preconditionFailed();
  }
}

/** An opened version's CRC-32: as kept in its record, or read once for a version stored before CRCs were kept. */
async function crc32Of(opened: OpenedVersion): Promise<number> {
  return opened.record.crc32 ?? readCrc32(opened.readInto, opened.record.size);
}

/** A new name for an opened version's bytes at `target`: its data file linked, or its composite's segments. */
async function linkVersion(source: OpenedVersion, target: string): Promise<void> {
  if (source.segments) await linkSegments(source.segments, target);
  else await linkOrCopy(source.path, source.handle!, target);
}
