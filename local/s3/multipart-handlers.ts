import { CHECKSUM_ALGORITHMS, checkCompletedChecksum, checksumElement, checksumXml, parseUploadChecksum } from './checksums.ts';
import type { CompletedPart, UploadAddress } from './object-store.ts';
import { readSmallBody, storedHeaders } from './request-body.ts';
import { checkUploadId, MAX_PART_NUMBER, parsePartNumber } from './s3-rules.ts';
import { sendEmpty, sendXml } from './s3-error-response.ts';
import type { ObjectContext } from './s3-context.ts';
import { encodeKeyPath } from './parse-request.ts';
import { childElements, childText, element, requiredText, rootContent, S3_NAMESPACE } from './xml.ts';
import { S3RequestError } from './errors.ts';

/** CreateMultipartUpload, CompleteMultipartUpload, AbortMultipartUpload (parts: store-parts.ts). */

function uploadOf(context: ObjectContext): UploadAddress {
  const uploadId = context.target.query.get('uploadId') ?? '';
  checkUploadId(uploadId);
  return { bucket: context.bucket, key: context.key, uploadId };
}

export async function createMultipartUpload(context: ObjectContext): Promise<void> {
  context.req.resume();
  const checksum = parseUploadChecksum(context.req.headers);
  const uploadId = await context.store.createUpload(context.bucket, context.key, storedHeaders(context.req), checksum);
  if (checksum) {
    context.res.setHeader('x-amz-checksum-algorithm', checksum.algorithm);
    context.res.setHeader('x-amz-checksum-type', checksum.type);
  }
  sendXml(
    context.res,
    200,
    `<InitiateMultipartUploadResult xmlns="${S3_NAMESPACE}">${element('Bucket', context.bucket)}${element('Key', context.key)}${element('UploadId', uploadId)}</InitiateMultipartUploadResult>`,
  );
}

/** The `<Part>` list of a CompleteMultipartUpload document, as given (the store checks order and ETags). */
function parseParts(xml: string): CompletedPart[] {
  const parts = childElements(rootContent(xml, 'CompleteMultipartUpload'), 'Part');
  if (parts.length > MAX_PART_NUMBER)
    throw new S3RequestError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
  return parts.map((part) => {
    const algorithm = CHECKSUM_ALGORITHMS.find((name) => childText(part, checksumElement(name)) !== undefined);
    return {
      partNumber: parsePartNumber(requiredText(part, 'PartNumber').trim()),
      etag: requiredText(part, 'ETag'),
      ...(algorithm ? { checksum: { algorithm, value: childText(part, checksumElement(algorithm))!.trim() } } : {}),
    };
  });
}

/** CompleteMultipartUpload: S3's checks (InvalidPart, InvalidPartOrder, EntityTooSmall), then one atomic object. */
export async function completeMultipartUpload(context: ObjectContext): Promise<void> {
  const upload = uploadOf(context);
  const parts = parseParts(await readSmallBody(context.req, 2 * 1024 * 1024));
  const record = await context.store.completeUpload(upload, parts, (checksum) => checkCompletedChecksum(context.req.headers, checksum));
  const location = `http://${context.req.headers.host ?? '127.0.0.1'}/${context.bucket}/${encodeKeyPath(context.key)}`;
  sendXml(
    context.res,
    200,
    `<CompleteMultipartUploadResult xmlns="${S3_NAMESPACE}">${element('Location', location)}${element('Bucket', context.bucket)}${element('Key', context.key)}${element('ETag', `"${record.etag}"`)}${checksumXml(record.checksum)}</CompleteMultipartUploadResult>`,
  );
  context.created(context.bucket, record, 'ObjectCreated:CompleteMultipartUpload');
}

export async function abortMultipartUpload(context: ObjectContext): Promise<void> {
  context.req.resume();
  await context.store.abortUpload(uploadOf(context));
  sendEmpty(context.res, 204);
}
