import { checksumHeaders, checksumXml, claimedChecksum } from './checksums.ts';
import { copySourceCheck } from './conditions.ts';
import type { ObjectAddress, UploadAddress } from './object-store.ts';
import { parseCopySource, parseCopySourceRange } from './parse-request.ts';
import { objectBody } from './request-body.ts';
import { checkBucketName, checkKey, parsePartNumber } from './s3-rules.ts';
import { sendEmpty, sendXml } from './s3-error-response.ts';
import type { ObjectContext } from './s3-context.ts';
import { element, S3_NAMESPACE } from './xml.ts';

/** UploadPart and UploadPartCopy: the bulk of every large object (lib-storage's uploads, finalize's part copies). */

function uploadOf(context: ObjectContext): UploadAddress {
  return { bucket: context.bucket, key: context.key, uploadId: context.target.query.get('uploadId') ?? '' };
}

/** `x-amz-copy-source`, checked as S3 checks the target's own bucket and key. */
export function copySourceOf(header: string | string[] | undefined): ObjectAddress {
  const source = parseCopySource(String(header));
  checkBucketName(source.bucket);
  checkKey(source.key);
  return source;
}

function contentMd5(context: ObjectContext): string | undefined {
  const header = context.req.headers['content-md5'];
  return typeof header === 'string' ? header : undefined;
}

/** UploadPart: the (aws-chunked-decoded) body becomes the part; its MD5 is the part's ETag. */
export async function uploadPart(context: ObjectContext): Promise<void> {
  const partNumber = parsePartNumber(context.target.query.get('partNumber'));
  const body = objectBody(context.req);
  const written = await context.store.putPart(
    uploadOf(context),
    partNumber,
    body,
    contentMd5(context),
    claimedChecksum(context.req.headers, body),
  );
  sendEmpty(context.res, 200, { etag: `"${written.etag}"`, ...checksumHeaders(written.checksum) });
}

/** UploadPartCopy: a range of an object (or all of it, as a hard link) becomes the part. */
export async function uploadPartCopy(context: ObjectContext): Promise<void> {
  context.req.resume(); // an UploadPartCopy has no body of its own
  const partNumber = parsePartNumber(context.target.query.get('partNumber'));
  const source = copySourceOf(context.req.headers['x-amz-copy-source']);
  const range = parseCopySourceRange(context.req.headers['x-amz-copy-source-range'] as string | undefined);
  const written = await context.store.copyPart(uploadOf(context), partNumber, source, range, copySourceCheck(context.req.headers));
  sendXml(
    context.res,
    200,
    `<CopyPartResult xmlns="${S3_NAMESPACE}">${element('LastModified', new Date().toISOString())}${element('ETag', `"${written.etag}"`)}${checksumXml(written.checksum)}</CopyPartResult>`,
  );
}
