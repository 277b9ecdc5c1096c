import { createHash, randomBytes } from 'node:crypto';
import { join, relative, resolve, sep } from 'node:path';
import { checkBucketName, checkUploadId, MAX_PART_NUMBER } from './s3-rules.ts';

/**
 * Every path the file-system store touches, built in this one place. No key ever becomes part of a path: an object
 * is stored under the SHA-256 of its key (its record, a sidecar JSON file, holds the key itself), so any two keys
 * — `a//b` and `a/b`, `/x` and `x`, `..`, NUL, 1,024 bytes — are two short file names that cannot leave the bucket's
 * `objects` folder, nor collide with each other or with the store's own files (`bucket.json`, `uploads/`). Bucket
 * names and upload ids are checked against S3's rules first, and each path is checked to lie inside the data folder.
 *
 *   <root>/store/<bucket>/bucket.json                 the bucket exists (creation time)
 *   <root>/store/<bucket>/cors.xml, website.xml       its configuration documents, if set
 *   <root>/store/<bucket>/objects/<h2>/<hash>.json    the record of the key whose SHA-256 is <hash>
 *   <root>/store/<bucket>/objects/<h2>/<hash>.<gen>   that record's bytes (a new file per version, never rewritten),
 *                                                     or a multipart object's folder of links to its parts' files
 *   <root>/store/<bucket>/uploads/<uploadId>/         a multipart upload: upload.json, parts <n> and <n>.md5
 *                                                     (a part copied whole from a composite is a folder too)
 *   <root>/tmp/                                       bytes being received (renamed into place when complete)
 */
export class StorePaths {
  readonly root: string;
  readonly store: string;
  readonly temp: string;

  constructor(root: string) {
    this.root = resolve(root);
    this.store = join(this.root, 'store');
    this.temp = join(this.root, 'tmp');
  }

  bucketDir(bucket: string): string {
    checkBucketName(bucket);
    return this.#inside(join(this.store, bucket));
  }

  bucketFile(bucket: string): string {
    return join(this.bucketDir(bucket), 'bucket.json');
  }

  /** A bucket configuration document (`cors.xml`, `website.xml`): names of the store's own choosing. */
  configPath(bucket: string, name: 'cors' | 'website'): string {
    return join(this.bucketDir(bucket), `${name}.xml`);
  }

  objectsDir(bucket: string): string {
    return join(this.bucketDir(bucket), 'objects');
  }

  recordPath(bucket: string, key: string): string {
    const hash = keyHash(key);
    return join(this.objectsDir(bucket), hash.slice(0, 2), `${hash}.json`);
  }

  /** The bytes of one version of the key's object; `generation` is this store's own hex name for the version. */
  dataPath(bucket: string, key: string, generation: string): string {
    if (!/^[0-9a-f]{16}$/.test(generation)) throw new Error(`not a data file generation: ${generation}`);
    const hash = keyHash(key);
    return join(this.objectsDir(bucket), hash.slice(0, 2), `${hash}.${generation}`);
  }

  uploadsDir(bucket: string): string {
    return join(this.bucketDir(bucket), 'uploads');
  }

  uploadDir(bucket: string, uploadId: string): string {
    checkUploadId(uploadId);
    return join(this.uploadsDir(bucket), uploadId);
  }

  partPath(bucket: string, uploadId: string, partNumber: number): string {
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER)
      throw new Error(`not a part number: ${partNumber}`);
    return join(this.uploadDir(bucket, uploadId), String(partNumber));
  }

  /** A fresh file name for bytes being received. */
  tempPath(): string {
    return join(this.temp, randomBytes(12).toString('hex'));
  }

  #inside(path: string): string {
    const rel = relative(this.store, path);
    if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || resolve(this.store, rel) !== path) {
      throw new Error(`refusing a path outside the data folder: ${path}`);
    }
    return path;
  }
}

export function keyHash(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function newGeneration(): string {
  return randomBytes(8).toString('hex');
}
