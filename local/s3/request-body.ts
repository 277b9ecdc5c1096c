import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { AwsChunkedDecoder } from './AwsChunkedDecoder.ts';
import { S3RequestError } from './errors.ts';
import type { StoredHeaders, Tag } from './object-store.ts';
import { isAwsChunked } from './parse-request.ts';

/** Headers an object keeps and answers GET/HEAD with (besides the x-amz-meta-* user metadata). */
const KEPT_HEADERS = [
  'content-type',
  'content-disposition',
  'content-language',
  'cache-control',
  'expires',
  'x-amz-website-redirect-location',
];

/**
 * The object's bytes: the request body, decoded as it streams when it is aws-chunked (the SDK's default for
 * streamed uploads, with trailing checksums verified: BadDigest / IncompleteBody on the stream).
 */
export function objectBody(req: IncomingMessage): Readable {
  if (!isAwsChunked(req.headers)) return req;
  const decodedLength = req.headers['x-amz-decoded-content-length'];
  const trailer = req.headers['x-amz-trailer'];
  const decoder = new AwsChunkedDecoder({
    decodedLength: typeof decodedLength === 'string' ? Number(decodedLength) : undefined,
    trailer: typeof trailer === 'string' ? trailer : undefined,
  });
  req.on('error', (error) => decoder.destroy(error));
  // A small body is decoded, and its checksum checked, as soon as it arrives, maybe before the store starts reading:
  // the error stays on the stream (`errored`) and reading it raises it, instead of it being an uncaught exception.
  decoder.on('error', () => undefined);
  return req.pipe(decoder);
}

/** What a PutObject / CreateMultipartUpload / CopyObject (REPLACE) asks the object to keep. */
export function storedHeaders(req: IncomingMessage): StoredHeaders {
  const kept: StoredHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value !== 'string') continue;
    if (KEPT_HEADERS.includes(name) || name.startsWith('x-amz-meta-')) kept[name] = value;
  }
  const encodings = String(req.headers['content-encoding'] ?? '')
    .split(',')
    .map((token) => token.trim())
    .filter((token) => token !== '' && token !== 'aws-chunked');
  if (encodings.length > 0) kept['content-encoding'] = encodings.join(',');
  return kept;
}

/** `x-amz-tagging: a=1&b=2` (URL query form). */
export function tagsFromHeader(req: IncomingMessage): Tag[] | undefined {
  const header = req.headers['x-amz-tagging'];
  if (typeof header !== 'string' || header === '') return undefined;
  return [...new URLSearchParams(header)].map(([key, value]) => ({ key, value }));
}

/** A small XML request document (CompleteMultipartUpload, DeleteObjects, Tagging), whole. */
export async function readSmallBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of objectBody(req)) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.resume();
      throw new S3RequestError('MaxMessageLengthExceeded', `Your request was too big (over ${limit} bytes).`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
