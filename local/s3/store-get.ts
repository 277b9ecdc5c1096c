import type { OutgoingHttpHeaders } from 'node:http';
import { checksumHeaders } from './checksums.ts';
import { readCondition } from './conditions.ts';
import { S3RequestError } from './errors.ts';
import type { ByteRange, ObjectRecord } from './object-store.ts';
import { classifyRangeHeader } from './parse-request.ts';
import { noSuchKey } from './s3-rules.ts';
import { sendEmpty } from './s3-error-response.ts';
import { sendBytes } from './send-bytes.ts';
import type { ObjectContext } from './s3-context.ts';

/** Query parameters that override a GET's answer headers (presigned download links use them). */
const RESPONSE_OVERRIDES: Record<string, string> = {
  'response-content-type': 'content-type',
  'response-content-language': 'content-language',
  'response-expires': 'expires',
  'response-cache-control': 'cache-control',
  'response-content-disposition': 'content-disposition',
  'response-content-encoding': 'content-encoding',
};

/**
 * The byte range a GET asks for, against the object's size: single `a-b`, `a-`, `-n` ranges; multiple or malformed
 * ranges are ignored (whole object), as S3 does. Unsatisfiable (past the end, `-0`, any range on an empty object) →
 * 416 InvalidRange.
 */
export function resolveRange(header: string | undefined, size: number): ByteRange | undefined {
  const fix = classifyRangeHeader(header);
  if (header === undefined || fix.kind === 'drop') return undefined;
  const unsatisfiable = new S3RequestError('InvalidRange', 'The requested range is not satisfiable', 416, {
    'content-range': `bytes */${size}`,
  });
  if (fix.kind === 'suffix') {
    if (fix.length === 0 || size === 0) throw unsatisfiable;
    return { start: Math.max(0, size - fix.length), end: size - 1 };
  }
  const [, first, last] = /^bytes=(\d+)-(\d*)$/.exec(header.trim())!;
  const start = Number(first);
  if (start >= size) throw unsatisfiable;
  return { start, end: Math.min(last === '' ? size - 1 : Number(last), size - 1) };
}

/** The headers S3 answers GET/HEAD with: the stored ones, ETag, Last-Modified, length. */
export function objectHeaders(record: ObjectRecord): OutgoingHttpHeaders {
  return {
    'content-type': 'binary/octet-stream',
    ...record.headers,
    etag: `"${record.etag}"`,
    'last-modified': new Date(record.lastModified).toUTCString(),
    'accept-ranges': 'bytes',
    ...(record.tags?.length ? { 'x-amz-tagging-count': String(record.tags.length) } : {}),
  };
}

/**
 * GetObject and HeadObject (the same headers, no body), straight from the version's data file: preconditions
 * (If-Match / If-None-Match / If-(Un)Modified-Since), a byte range, response-* overrides.
 */
export async function getObject(context: ObjectContext): Promise<void> {
  const { req, res, store, bucket, key, target } = context;
  const head = req.method === 'HEAD';
  const opened = await store.open(bucket, key);
  if (!opened) throw noSuchKey();
  try {
    const { record } = opened;
    const headers = objectHeaders(record);
    if (readCondition(req.headers, record) === 'not-modified') {
      sendEmpty(res, 304, { etag: headers.etag, 'last-modified': headers['last-modified'] });
      return;
    }
    const range = resolveRange(typeof req.headers.range === 'string' ? req.headers.range : undefined, record.size);
    for (const [parameter, name] of Object.entries(RESPONSE_OVERRIDES)) {
      const value = target.query.get(parameter);
      if (value !== null) headers[name] = value;
    }
    if (range) headers['content-range'] = `bytes ${range.start}-${range.end}/${record.size}`;
    // The object's checksum answers a whole-object read that asks for it (a range's bytes would not match it).
    else if (String(req.headers['x-amz-checksum-mode']).toUpperCase() === 'ENABLED')
      Object.assign(headers, checksumHeaders(record.checksum));
    headers['content-length'] = range ? range.end - range.start + 1 : record.size;
    res.writeHead(range ? 206 : 200, headers);
    if (head || record.size === 0) {
      res.end();
      return;
    }
    await sendBytes(opened.readInto, range ?? { start: 0, end: record.size - 1 }, res);
  } finally {
    await opened.close();
  }
}
