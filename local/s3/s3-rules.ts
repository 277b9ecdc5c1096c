import { S3RequestError } from './errors.ts';

/** S3's naming and numbering rules, each checked here once, with S3's error codes. */

/** S3 keys are at most 1,024 bytes of UTF-8. */
export const MAX_KEY_BYTES = 1024;
/** Every part but the last must be at least 5 MiB (S3's CompleteMultipartUpload check). */
export const MIN_PART_BYTES = 5 * 1024 * 1024;
export const MAX_PART_NUMBER = 10_000;

/** 3–63 characters of `a-z 0-9 . -`, starting and ending with a letter or digit, no `..`, not an IP address. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IP_ADDRESS = /^\d+\.\d+\.\d+\.\d+$/;
const UPLOAD_ID = /^[0-9a-f]{32}$/;

export function isValidBucketName(name: string): boolean {
  return BUCKET_NAME.test(name) && !name.includes('..') && !name.includes('.-') && !name.includes('-.') && !IP_ADDRESS.test(name);
}

export function checkBucketName(name: string): void {
  if (!isValidBucketName(name)) throw new S3RequestError('InvalidBucketName', 'The specified bucket is not valid.');
}

/**
 * Any sequence of Unicode characters up to 1,024 bytes of UTF-8 is a key, `..`, `//`, a leading `/` and control
 * characters included: the store never derives a path from it. An unpaired surrogate has no UTF-8 form (S3 cannot
 * receive one either), so it is refused rather than stored under a lossy encoding that another key shares.
 */
export function checkKey(key: string): void {
  if (key.length === 0) throw new S3RequestError('InvalidArgument', 'The object key must not be empty.');
  if (!key.isWellFormed()) throw new S3RequestError('InvalidURI', "Couldn't parse the specified URI.");
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) throw new S3RequestError('KeyTooLongError', 'Your key is too long');
}

/** Upload ids are this store's own (32 hex digits); anything else cannot name an upload. */
export function checkUploadId(uploadId: string): void {
  if (!UPLOAD_ID.test(uploadId)) throw noSuchUpload();
}

export function noSuchUpload(): S3RequestError {
  return new S3RequestError(
    'NoSuchUpload',
    'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    404,
  );
}

export function parsePartNumber(text: string | null): number {
  if (text === null || !/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > MAX_PART_NUMBER) {
    throw new S3RequestError('InvalidArgument', `Part number must be an integer between 1 and ${MAX_PART_NUMBER}, inclusive`);
  }
  return Number(text);
}

export function noSuchBucket(): S3RequestError {
  return new S3RequestError('NoSuchBucket', 'The specified bucket does not exist', 404);
}

export function noSuchKey(): S3RequestError {
  return new S3RequestError('NoSuchKey', 'The specified key does not exist.', 404);
}

export function preconditionFailed(): S3RequestError {
  return new S3RequestError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412);
}

/** `Content-MD5` (base64 of the body's MD5): InvalidDigest when malformed, BadDigest when the body differs. */
export function checkContentMd5(md5Hex: string, header: string | undefined): void {
  if (header === undefined) return;
  if (!/^[A-Za-z0-9+/]{22}==$/.test(header.trim())) throw new S3RequestError('InvalidDigest', 'The Content-MD5 you specified was invalid.');
  if (Buffer.from(md5Hex, 'hex').toString('base64') !== header.trim()) {
    throw new S3RequestError('BadDigest', 'The Content-MD5 you specified did not match what we received.');
  }
}
