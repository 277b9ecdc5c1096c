import type { Readable } from 'node:stream';
import type { ChecksumAlgorithm, ClaimedChecksum, ObjectChecksum, StatedChecksum, UploadChecksum } from './checksums.ts';

/**
 * Where the local S3 keeps buckets, objects and multipart uploads. The HTTP side (s3-handler.ts) speaks S3 and
 * calls only this; `FileSystemObjectStore` is the implementation on disk. Failures are S3RequestErrors with S3's
 * codes (NoSuchBucket, NoSuchKey, NoSuchUpload, InvalidPart, ...), so they reach the client as S3 says them.
 */
export interface ObjectStore {
  listBuckets(): BucketInfo[];
  hasBucket(bucket: string): boolean;
  /** False when the bucket already existed. */
  createBucket(bucket: string): Promise<boolean>;
  /** BucketNotEmpty while it holds objects; uploads in progress go with it. */
  deleteBucket(bucket: string): Promise<void>;

  /** A bucket's stored configuration document (PutBucketCors, PutBucketWebsite), as given. */
  getBucketConfig(bucket: string, name: BucketConfigName): string | undefined;
  /** Stores (or, with undefined, removes) a bucket configuration document. */
  putBucketConfig(bucket: string, name: BucketConfigName, document: string | undefined): Promise<void>;

  /** The object's record; undefined when there is none (NoSuchBucket when the bucket is missing). */
  head(bucket: string, key: string): ObjectRecord | undefined;
  /** The record and exactly that version's bytes (close it). */
  open(bucket: string, key: string): Promise<OpenedObject | undefined>;
  put(bucket: string, key: string, content: Readable, headers: StoredHeaders, options?: PutOptions): Promise<ObjectRecord>;
  /**
   * CopyObject: `headers` replaces the source's (MetadataDirective REPLACE); `check` may refuse the source version;
   * `checksum` asks for the copy's checksum algorithm (else the source's is kept).
   */
  copy(
    source: ObjectAddress,
    target: ObjectAddress,
    headers: StoredHeaders | undefined,
    check?: (source: ObjectRecord) => void,
    checksum?: ChecksumAlgorithm,
  ): Promise<ObjectRecord>;
  /** Deleting a missing key is not an error (as on S3). */
  delete(bucket: string, key: string): Promise<void>;
  setTags(bucket: string, key: string, tags: Tag[] | undefined): Promise<void>;
  list(bucket: string, query: ListQuery): ListPage;

  /** `checksum`: the upload's checksum algorithm and type (x-amz-checksum-algorithm / -type). */
  createUpload(bucket: string, key: string, headers: StoredHeaders, checksum?: UploadChecksum): Promise<string>;
  /** `contentMd5` and `checksum`: as in PutOptions. */
  putPart(
    upload: UploadAddress,
    partNumber: number,
    content: Readable,
    contentMd5?: string,
    checksum?: ClaimedChecksum,
  ): Promise<PartWritten>;
  copyPart(
    upload: UploadAddress,
    partNumber: number,
    source: ObjectAddress,
    range: ByteRange | undefined,
    check?: (source: ObjectRecord) => void,
  ): Promise<PartWritten>;
  /** `check` sees the object's checksum before it is stored, and may refuse it (a full-object checksum stated). */
  completeUpload(
    upload: UploadAddress,
    parts: CompletedPart[],
    check?: (checksum: ObjectChecksum | undefined) => void,
  ): Promise<ObjectRecord>;
  abortUpload(upload: UploadAddress): Promise<void>;
}

export type BucketConfigName = 'cors' | 'website';

export interface BucketInfo {
  name: string;
  created: number;
}

export interface ObjectAddress {
  bucket: string;
  key: string;
}

export interface UploadAddress extends ObjectAddress {
  uploadId: string;
}

/** The headers an object keeps (content-type, content-encoding, cache-control, x-amz-meta-*, ...), lower-case names. */
export type StoredHeaders = Record<string, string>;

export interface Tag {
  key: string;
  value: string;
}

export interface ObjectRecord {
  key: string;
  size: number;
  /** Without quotes: an MD5, or `<md5>-<parts>` for a multipart object. */
  etag: string;
  /** Epoch ms. */
  lastModified: number;
  headers: StoredHeaders;
  tags?: Tag[];
  /**
   * The CRC-32 of the bytes, measured as they arrived (combined from the parts' for a multipart object): copies and
   * multipart objects state their CRC32 checksums without reading. Absent for versions stored before it was kept.
   */
  crc32?: number;
  /** The additional checksum S3 reports for this object (x-amz-checksum-*), if it has one. */
  checksum?: ObjectChecksum;
}

/** One version of an object, opened: its bytes stay readable until `close`, even if the key is replaced meanwhile. */
export interface OpenedObject {
  record: ObjectRecord;
  readInto: ReadInto;
  close(): Promise<void>;
}

/** Reads up to `target.length` of an object's bytes at `position` into `target`: how many (0 only past the end). */
export type ReadInto = (target: Buffer, position: number) => Promise<number>;

export interface PutOptions {
  /** Base64 MD5 the body must have (`Content-MD5`): BadDigest otherwise, and nothing is stored. */
  contentMd5?: string;
  /** Conditional write: `*` = only if the key is free (`If-None-Match`), an ETag = only over that version (`If-Match`). */
  ifNoneMatch?: string;
  ifMatch?: string;
  tags?: Tag[];
  /** The checksum the request states for the body: a CRC32 must match (BadDigest otherwise); it becomes the object's. */
  checksum?: ClaimedChecksum;
}

export interface ByteRange {
  /** Inclusive. */
  start: number;
  end: number;
}

export interface PartWritten {
  size: number;
  /** The part's ETag, without quotes. */
  etag: string;
  /** The part's checksum under its upload's algorithm, when the upload has one. */
  checksum?: StatedChecksum;
}

export interface CompletedPart {
  partNumber: number;
  etag: string;
  /** The part's checksum as CompleteMultipartUpload lists it (`<ChecksumCRC32>` …): it must be the part's. */
  checksum?: StatedChecksum;
}

export interface ListQuery {
  prefix: string;
  delimiter?: string;
  /** List what sorts after this key (start-after, marker, or the last item of the previous page). */
  after?: string;
  maxKeys: number;
}

export interface ListPage {
  objects: ObjectRecord[];
  commonPrefixes: string[];
  truncated: boolean;
  /** The last key or common prefix on this page: where the next page starts. */
  last?: string;
}
