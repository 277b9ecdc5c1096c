import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * The secret every local client signs with (test/helpers/local-stack.ts, bench/targets.ts: any access key id, secret
 * `local`); the edge never checks it, the API adapter does for AWS_IAM methods.
 */
export const LOCAL_SECRET_ACCESS_KEY = 'local';

/** API Gateway's answers to a request an AWS_IAM method refuses (status 403 each). */
export type SigV4Refusal = { errorType: string; message: string };

export interface SignedRequest {
  method: string;
  /** Path and query as the client sent them (still URI-encoded). */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const AUTH_PATTERN = /^AWS4-HMAC-SHA256 (.*)$/;
const MAX_SKEW_MS = 5 * 60 * 1000;

/**
 * Checks a request's `Authorization: AWS4-HMAC-SHA256 …` header as API Gateway does for an AWS_IAM method: present,
 * complete, scoped to execute-api, dated within 5 minutes, and its signature recomputed (canonical request, string to
 * sign, derived key) with `secret` equal. Any access key id is accepted: locally every identity has the one secret.
 * Returns undefined when the request may pass.
 */
export function checkSigV4(request: SignedRequest, secret = LOCAL_SECRET_ACCESS_KEY, now = Date.now()): SigV4Refusal | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return { errorType: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' };
  const params = parseAuthorization(header);
  const amzDate = stringHeader(request.headers['x-amz-date']);
  const missing = [
    ...(['Credential', 'Signature', 'SignedHeaders'] as const)
      .filter((p) => !params?.[p])
      .map((p) => `Authorization header requires '${p}' parameter.`),
    ...(amzDate ? [] : ["Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."]),
  ];
  if (params === undefined || missing.length > 0) {
    return { errorType: 'IncompleteSignatureException', message: `${missing.join(' ')} Authorization=${header}` };
  }
  const [accessKeyId, date, region, service, terminal] = params.Credential.split('/');
  if (!accessKeyId || !date || !region || service !== 'execute-api' || terminal !== 'aws4_request') {
    return { errorType: 'InvalidSignatureException', message: "Credential should be scoped to correct service: 'execute-api'. " };
  }
  const signedAt = parseAmzDate(amzDate!);
  if (signedAt === undefined || now - signedAt > MAX_SKEW_MS) {
    return {
      errorType: 'InvalidSignatureException',
      message: `Signature expired: ${amzDate} is now earlier than ${toAmzDate(now - MAX_SKEW_MS)}`,
    };
  }
  if (signedAt - now > MAX_SKEW_MS) {
    return {
      errorType: 'InvalidSignatureException',
      message: `Signature not yet current: ${amzDate} is still later than ${toAmzDate(now + MAX_SKEW_MS)}`,
    };
  }
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest(request, params.SignedHeaders))].join('\n');
  const key = [date, region, service, 'aws4_request'].reduce<Buffer>((k, part) => hmac(k, part), Buffer.from(`AWS4${secret}`));
  const expected = hmac(key, stringToSign);
  const given = Buffer.from(params.Signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return {
      errorType: 'InvalidSignatureException',
      message:
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    };
  }
  return undefined;
}

function parseAuthorization(header: string): Record<'Credential' | 'SignedHeaders' | 'Signature', string> | undefined {
  const match = AUTH_PATTERN.exec(header.trim());
  if (match === null) return undefined;
  const entries = match[1].split(',').map((part) => part.trim().split('=', 2) as [string, string | undefined]);
  const params = Object.fromEntries(entries.filter(([, v]) => v !== undefined)) as Record<string, string>;
  return { Credential: params.Credential ?? '', SignedHeaders: params.SignedHeaders ?? '', Signature: params.Signature ?? '' };
}

/** SigV4's canonical request for a non-S3 service: path segments normalised and encoded again, sorted query. */
function canonicalRequest(request: SignedRequest, signedHeaders: string): string {
  const at = request.url.indexOf('?');
  const path = at < 0 ? request.url : request.url.slice(0, at);
  const query = at < 0 ? '' : request.url.slice(at + 1);
  const names = signedHeaders.split(';');
  const headers = names.map((name) => `${name}:${(stringHeader(request.headers[name]) ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  // The body received, never a hash the client claims in x-amz-content-sha256: a changed body must not pass.
  const payloadHash = sha256Hex(request.body);
  return [request.method, canonicalPath(path), canonicalQuery(query), headers, signedHeaders, payloadHash].join('\n');
}

function canonicalPath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const normalised = `/${segments.join('/')}${segments.length > 0 && path.endsWith('/') ? '/' : ''}`;
  return escapeUri(normalised).replace(/%2F/g, '/');
}

function canonicalQuery(query: string): string {
  const pairs = [...new URLSearchParams(query)]
    .filter(([k]) => k.toLowerCase() !== 'x-amz-signature')
    .map(([k, v]) => [escapeUri(k), escapeUri(v)] as const);
  pairs.sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

/** RFC 3986 unreserved characters stay, everything else is percent-encoded (SigV4's UriEncode). */
function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function stringHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

function parseAmzDate(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : undefined;
}

function toAmzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}
