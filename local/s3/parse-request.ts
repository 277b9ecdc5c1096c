import type { IncomingHttpHeaders } from 'node:http';
import { S3RequestError } from './errors.ts';

/** Which bucket and key a request is for, and its query (sub-resources, list parameters, upload ids). */
export interface S3RequestTarget {
  bucket?: string;
  /** Decoded key. */
  key?: string;
  /** Path as sent (still encoded), without the query. */
  rawPath: string;
  query: URLSearchParams;
}

/** Path-style (`/bucket/key`) or `<bucket>.localhost` virtual-host-style addressing. */
export function parseS3Target(url: string, host: string | undefined): S3RequestTarget {
  const parsed = new URL(url, 'http://local');
  // The path as sent: URL's pathname would resolve `.`/`..` segments, but in S3 they are literal key characters.
  let rawPath = rawPathOf(url);
  const vhost = /^([a-z0-9][a-z0-9.-]*)\.localhost(?::\d+)?$/i.exec(host ?? '');
  if (vhost) rawPath = `/${vhost[1]}${rawPath}`;
  const slash = rawPath.indexOf('/', 1);
  const bucket = rawPath.slice(1, slash === -1 ? undefined : slash);
  const rawKey = slash === -1 ? '' : rawPath.slice(slash + 1);
  return {
    bucket: bucket === '' ? undefined : safeDecode(bucket),
    key: rawKey === '' ? undefined : safeDecode(rawKey),
    rawPath,
    query: parsed.searchParams,
  };
}

function rawPathOf(url: string): string {
  const path = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '').split(/[?#]/, 1)[0];
  return path.startsWith('/') ? path : `/${path}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new S3RequestError('InvalidURI', "Couldn't parse the specified URI.");
  }
}

/** Encodes a key for a path as the SDKs do (RFC 3986 per segment, `/` kept). */
export function encodeKeyPath(key: string): string {
  return key
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

export interface CopySource {
  bucket: string;
  key: string;
  versionId?: string;
}

/** `x-amz-copy-source`: `[/]bucket/key[?versionId=…]`, URL-encoded. */
export function parseCopySource(header: string): CopySource {
  const [path, query] = header.split('?', 2);
  const trimmed = path.startsWith('/') ? path.slice(1) : path;
  const slash = trimmed.indexOf('/');
  if (slash <= 0 || slash === trimmed.length - 1) {
    throw new S3RequestError('InvalidArgument', 'Copy Source must mention the source bucket and key: sourcebucket/sourcekey.');
  }
  const versionId = query ? (new URLSearchParams(query).get('versionId') ?? undefined) : undefined;
  return { bucket: safeDecode(trimmed.slice(0, slash)), key: safeDecode(trimmed.slice(slash + 1)), versionId };
}

export interface ByteRangeRequest {
  start: number;
  end: number;
}

/** `bytes=first-last` (copy-source ranges must be fully specified). */
export function parseCopySourceRange(header: string | undefined): ByteRangeRequest | undefined {
  if (header === undefined) return undefined;
  const match = /^bytes=(\d+)-(\d+)$/.exec(header.trim());
  if (!match || Number(match[1]) > Number(match[2])) {
    throw new S3RequestError(
      'InvalidArgument',
      'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy',
    );
  }
  return { start: Number(match[1]), end: Number(match[2]) };
}

export type RangeHeaderFix = { kind: 'keep' } | { kind: 'drop' } | { kind: 'suffix'; length: number };

/**
 * How to pass a GET's Range header on: single `a-b` / `a-` ranges go through; a suffix range (`-n`) needs the
 * object size; anything else (multiple or malformed ranges) is ignored, as S3 does, and the whole object is sent.
 */
export function classifyRangeHeader(header: string | undefined): RangeHeaderFix {
  if (header === undefined) return { kind: 'keep' };
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return { kind: 'drop' };
  if (match[1] === '') return { kind: 'suffix', length: Number(match[2]) };
  if (match[2] !== '' && Number(match[1]) > Number(match[2])) return { kind: 'drop' };
  return { kind: 'keep' };
}

/** Is this body aws-chunked (SigV4 streaming or the SDK's unsigned streaming with trailing checksums)? */
export function isAwsChunked(headers: IncomingHttpHeaders): boolean {
  const sha = String(headers['x-amz-content-sha256'] ?? '');
  const encoding = headers['content-encoding'] ?? '';
  return sha.startsWith('STREAMING-') || encoding.split(',').some((token) => token.trim() === 'aws-chunked');
}
