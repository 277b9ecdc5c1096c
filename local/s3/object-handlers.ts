import { checksumHeaders, checksumXml, claimedChecksum, parseChecksumAlgorithm } from './checksums.ts';
import { copySourceCheck } from './conditions.ts';
import { S3RequestError } from './errors.ts';
import { objectBody, storedHeaders, tagsFromHeader } from './request-body.ts';
import { sendEmpty, sendXml } from './s3-error-response.ts';
import type { ObjectContext } from './s3-context.ts';
import { copySourceOf } from './store-parts.ts';
import { element, S3_NAMESPACE } from './xml.ts';

function header(context: ObjectContext, name: string): string | undefined {
  const value = context.req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** PutObject: streamed into the store (atomically: readers see the old object or the new one), then notified. */
export async function putObject(context: ObjectContext): Promise<void> {
  const { bucket, key, req } = context;
  const body = objectBody(req);
  const record = await context.store.put(bucket, key, body, storedHeaders(req), {
    checksum: claimedChecksum(req.headers, body),
    contentMd5: header(context, 'content-md5'),
    ifNoneMatch: header(context, 'if-none-match'),
    ifMatch: header(context, 'if-match'),
    tags: tagsFromHeader(req),
  });
  sendEmpty(context.res, 200, { etag: `"${record.etag}"`, ...checksumHeaders(record.checksum) });
  context.created(bucket, record, 'ObjectCreated:Put');
}

/**
 * CopyObject: a new name for the source's bytes (a hard link: the store never rewrites a data file), with the
 * source's headers (MetadataDirective COPY) or the request's (REPLACE). The copy keeps the source's ETag.
 */
export async function copyObject(context: ObjectContext): Promise<void> {
  const { bucket, key, req } = context;
  context.req.resume();
  const source = copySourceOf(req.headers['x-amz-copy-source']);
  const directive = (header(context, 'x-amz-metadata-directive') ?? 'COPY').toUpperCase();
  if (directive !== 'COPY' && directive !== 'REPLACE') throw new S3RequestError('InvalidArgument', 'Unknown metadata directive.');
  if (source.bucket === bucket && source.key === key && directive === 'COPY') {
    throw new S3RequestError(
      'InvalidRequest',
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );
  }
  const asked = header(context, 'x-amz-checksum-algorithm');
  const record = await context.store.copy(
    source,
    { bucket, key },
    directive === 'REPLACE' ? storedHeaders(req) : undefined,
    copySourceCheck(req.headers),
    asked === undefined ? undefined : parseChecksumAlgorithm(asked),
  );
  sendXml(
    context.res,
    200,
    `<CopyObjectResult xmlns="${S3_NAMESPACE}">${element('LastModified', new Date(record.lastModified).toISOString())}${element('ETag', `"${record.etag}"`)}${checksumXml(record.checksum)}</CopyObjectResult>`,
  );
  context.created(bucket, record, 'ObjectCreated:Copy');
}

/** DeleteObject: 204 whether or not the key existed (as S3). */
export async function deleteObject(context: ObjectContext): Promise<void> {
  context.req.resume();
  await context.store.delete(context.bucket, context.key);
  sendEmpty(context.res, 204);
}
