import type { IncomingHttpHeaders } from 'node:http';
import type { ObjectRecord } from './object-store.ts';
import { preconditionFailed } from './s3-rules.ts';

/** `*`, or any of a comma-separated list of (quoted, possibly weak) ETags. */
export function etagMatches(header: string, etag: string): boolean {
  const bare = (value: string): string => value.trim().replace(/^W\//, '').replace(/"/g, '');
  return header.split(',').some((candidate) => candidate.trim() === '*' || bare(candidate) === bare(etag));
}

/** HTTP dates have whole seconds: an object modified at 12:00:00.700 is "not modified since 12:00:00". */
function modifiedAfter(record: ObjectRecord, header: string): boolean | undefined {
  const since = Date.parse(header);
  if (Number.isNaN(since)) return undefined; // S3 ignores an unparsable date
  return Math.floor(record.lastModified / 1000) * 1000 > since;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * GetObject / HeadObject preconditions, with S3's precedence: If-Match decides over If-Unmodified-Since (412 when
 * it fails), If-None-Match over If-Modified-Since (304 when the client's copy is current).
 */
export function readCondition(headers: IncomingHttpHeaders, record: ObjectRecord): 'ok' | 'not-modified' {
  const ifMatch = header(headers, 'if-match');
  const ifUnmodifiedSince = header(headers, 'if-unmodified-since');
  if (ifMatch !== undefined) {
    if (!etagMatches(ifMatch, record.etag)) throw preconditionFailed();
  } else if (ifUnmodifiedSince !== undefined && modifiedAfter(record, ifUnmodifiedSince) === true) {
    throw preconditionFailed();
  }
  const ifNoneMatch = header(headers, 'if-none-match');
  const ifModifiedSince = header(headers, 'if-modified-since');
  if (ifNoneMatch !== undefined) return etagMatches(ifNoneMatch, record.etag) ? 'not-modified' : 'ok';
  if (ifModifiedSince !== undefined && modifiedAfter(record, ifModifiedSince) === false) return 'not-modified';
  return 'ok';
}

/** `x-amz-copy-source-if-*` of CopyObject / UploadPartCopy: any failed condition is 412 PreconditionFailed. */
export function copySourceCheck(headers: IncomingHttpHeaders): (source: ObjectRecord) => void {
  return (source) => {
    const ifMatch = header(headers, 'x-amz-copy-source-if-match');
    const ifNoneMatch = header(headers, 'x-amz-copy-source-if-none-match');
    const ifModifiedSince = header(headers, 'x-amz-copy-source-if-modified-since');
    const ifUnmodifiedSince = header(headers, 'x-amz-copy-source-if-unmodified-since');
    if (ifMatch !== undefined && !etagMatches(ifMatch, source.etag)) throw preconditionFailed();
    if (ifMatch === undefined && ifUnmodifiedSince !== undefined && modifiedAfter(source, ifUnmodifiedSince) === true)
      throw preconditionFailed();
    if (ifNoneMatch !== undefined && etagMatches(ifNoneMatch, source.etag)) throw preconditionFailed();
    if (ifNoneMatch === undefined && ifModifiedSince !== undefined && modifiedAfter(source, ifModifiedSince) === false)
      throw preconditionFailed();
  };
}
