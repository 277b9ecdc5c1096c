import { S3RequestError } from './errors.ts';
import type { ListPage, ObjectRecord } from './object-store.ts';
import { sendXml } from './s3-error-response.ts';
import type { BucketContext } from './s3-context.ts';
import { OWNER } from './bucket-handlers.ts';
import { element, S3_NAMESPACE } from './xml.ts';

/** ListObjectsV2 and ListObjects (v1): prefix, delimiter, start-after / marker, max-keys, continuation, encoding-type. */

const MAX_KEYS = 1000;

interface ListParameters {
  prefix: string;
  delimiter?: string;
  maxKeys: number;
  encode: (text: string) => string;
}

function parameters(query: URLSearchParams): ListParameters {
  const maxKeysText = query.get('max-keys');
  if (maxKeysText !== null && !/^\d+$/.test(maxKeysText))
    throw new S3RequestError('InvalidArgument', 'Provided max-keys not an integer or within integer range');
  const encoding = query.get('encoding-type');
  if (encoding !== null && encoding !== 'url') throw new S3RequestError('InvalidArgument', 'Invalid Encoding Method specified in Request');
  return {
    prefix: query.get('prefix') ?? '',
    delimiter: query.get('delimiter') || undefined,
    maxKeys: Math.min(Number(maxKeysText ?? MAX_KEYS), MAX_KEYS),
    // S3's `url` encoding: what XML cannot carry (control characters) survives; `/` is kept readable.
    encode: encoding === 'url' ? (text) => encodeURIComponent(text).replace(/%2F/g, '/') : (text) => text,
  };
}

/** A continuation token: the last key or common prefix of the page before, opaque to clients. */
function encodeToken(last: string): string {
  return Buffer.from(`v1:${last}`, 'utf8').toString('base64url');
}

function decodeToken(token: string): string {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (!text.startsWith('v1:') || Buffer.from(text, 'utf8').toString('base64url') !== token) {
    throw new S3RequestError('InvalidArgument', 'The continuation token provided is incorrect');
  }
  return text.slice(3);
}

function contents(record: ObjectRecord, encode: (text: string) => string, owner: boolean): string {
  return `<Contents>${element('Key', encode(record.key))}${element('LastModified', new Date(record.lastModified).toISOString())}${element('ETag', `"${record.etag}"`)}${element('Size', record.size)}${owner ? OWNER : ''}<StorageClass>STANDARD</StorageClass></Contents>`;
}

function entries(page: ListPage, list: ListParameters, owner: boolean): string {
  return (
    page.objects.map((record) => contents(record, list.encode, owner)).join('') +
    page.commonPrefixes.map((prefix) => `<CommonPrefixes>${element('Prefix', list.encode(prefix))}</CommonPrefixes>`).join('')
  );
}

export async function listObjectsV2(context: BucketContext): Promise<void> {
  context.req.resume();
  const { query } = context.target;
  const list = parameters(query);
  const token = query.get('continuation-token');
  const startAfter = query.get('start-after') ?? undefined;
  const after = token !== null ? decodeToken(token) : startAfter;
  const page = context.store.list(context.bucket, { prefix: list.prefix, delimiter: list.delimiter, after, maxKeys: list.maxKeys });
  const encoded = (value: string | undefined): string | undefined => (value === undefined ? undefined : list.encode(value));
  sendXml(
    context.res,
    200,
    `<ListBucketResult xmlns="${S3_NAMESPACE}">` +
      element('Name', context.bucket) +
      element('Prefix', list.encode(list.prefix)) +
      element('Delimiter', encoded(list.delimiter)) +
      element('MaxKeys', list.maxKeys) +
      element('EncodingType', query.get('encoding-type') ?? undefined) +
      element('KeyCount', page.objects.length + page.commonPrefixes.length) +
      element('ContinuationToken', token ?? undefined) +
      element('StartAfter', encoded(startAfter)) +
      element('NextContinuationToken', page.truncated && page.last !== undefined ? encodeToken(page.last) : undefined) +
      element('IsTruncated', page.truncated) +
      entries(page, list, query.get('fetch-owner') === 'true') +
      '</ListBucketResult>',
  );
}

/** ListObjects (v1): NextMarker only with a delimiter, as S3 (without one, clients continue from the last key). */
export async function listObjectsV1(context: BucketContext): Promise<void> {
  context.req.resume();
  const { query } = context.target;
  const list = parameters(query);
  const marker = query.get('marker') ?? '';
  const page = context.store.list(context.bucket, {
    prefix: list.prefix,
    delimiter: list.delimiter,
    after: marker === '' ? undefined : marker,
    maxKeys: list.maxKeys,
  });
  const nextMarker = page.truncated && list.delimiter !== undefined ? page.last : undefined;
  sendXml(
    context.res,
    200,
    `<ListBucketResult xmlns="${S3_NAMESPACE}">` +
      element('Name', context.bucket) +
      element('Prefix', list.encode(list.prefix)) +
      element('Marker', list.encode(marker)) +
      element('MaxKeys', list.maxKeys) +
      element('Delimiter', list.delimiter === undefined ? undefined : list.encode(list.delimiter)) +
      element('EncodingType', query.get('encoding-type') ?? undefined) +
      element('IsTruncated', page.truncated) +
      element('NextMarker', nextMarker === undefined ? undefined : list.encode(nextMarker)) +
      entries(page, list, true) +
      '</ListBucketResult>',
  );
}
