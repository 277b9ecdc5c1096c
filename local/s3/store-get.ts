import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { ByteRange, ObjectReader } from './atomic-store.ts';
import { sendS3Error } from './s3-error-response.ts';
import type { S3RequestTarget } from './parse-request.ts';

/** Headers that make a GET something other than "these bytes of this object" (left to s3rver). */
const OTHER_CONDITIONS = ['if-none-match', 'if-modified-since', 'if-unmodified-since', 'origin'];

/**
 * Can the front answer this GET (or HEAD) itself? Only the plain case: a key, no query but the SDK's `x-id`, at most a single
 * `bytes=a-b` / `bytes=a-` range (suffix ranges were already rewritten to that form) and If-Match.
 */
export function isPlainGet(req: IncomingMessage, target: S3RequestTarget, headers: OutgoingHttpHeaders): boolean {
  if ((req.method !== 'GET' && req.method !== 'HEAD') || !target.bucket || !target.key) return false;
  for (const name of target.query.keys()) if (name !== 'x-id') return false;
  if (OTHER_CONDITIONS.some((name) => name in req.headers)) return false;
  return headers.range === undefined || /^bytes=\d+-\d*$/.test(String(headers.range));
}

function parseRange(header: unknown): ByteRange | undefined {
  const match = /^bytes=(\d+)-(\d*)$/.exec(String(header ?? ''));
  return match ? { start: Number(match[1]), end: match[2] === '' ? undefined : Number(match[2]) } : undefined;
}

/** If-Match as S3 compares it: `*`, or any of a comma-separated list of (quoted) ETags. */
function etagMatches(header: string, etag: string): boolean {
  const bare = (value: string): string => value.trim().replace(/^W\//, '').replace(/"/g, '');
  return header.split(',').some((candidate) => candidate.trim() === '*' || bare(candidate) === bare(etag));
}

/**
 * GetObject (and HeadObject: the same headers, no body) served from the store's file, without the second HTTP hop through s3rver: this is every chunk's read
 * of its byte range. Headers as s3rver sends them (metadata, ETag, Last-Modified, Accept-Ranges, Content-Range).
 * Returns false, having sent nothing, when s3rver should answer instead (missing object or bucket, unsatisfiable range).
 */
export async function getFromStore(req: IncomingMessage, res: ServerResponse, target: S3RequestTarget, headers: OutgoingHttpHeaders, store: ObjectReader): Promise<boolean> {
  const object = await store.getObject(target.bucket!, target.key!, parseRange(headers.range));
  if (object === null && req.method === 'HEAD') {
    // A HEAD answer has no body, so a missing key and a missing bucket look alike: 404 (what pollers wait through).
    res.writeHead(404, { 'content-length': 0 });
    res.end();
    return true;
  }
  if (!object?.content) {
    object?.content?.destroy();
    return false;
  }
  const ifMatch = req.headers['if-match'];
  if (typeof ifMatch === 'string' && !etagMatches(ifMatch, String(object.metadata.etag))) {
    object.content.destroy();
    sendS3Error(res, 412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');
    return true;
  }
  const size = Number(object.metadata['content-length']);
  const answer: OutgoingHttpHeaders = { 'accept-ranges': 'bytes' };
  for (const [name, value] of Object.entries(object.metadata)) answer[name] = value;
  if (!answer['content-type']) answer['content-type'] = 'binary/octet-stream';
  if (object.range) {
    answer['content-range'] = `bytes ${object.range.start}-${object.range.end}/${size}`;
    answer['content-length'] = object.range.end + 1 - object.range.start;
  } else {
    answer['content-length'] = size;
  }
  res.writeHead(object.range ? 206 : 200, answer);
  if (req.method === 'HEAD') {
    object.content.destroy();
    res.end();
    return true;
  }
  await pipeline(object.content, res);
  return true;
}
