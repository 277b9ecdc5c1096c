import { SignatureV4 } from '@smithy/signature-v4';
import type { ConsoleConfig } from './config.ts';

/**
 * SigV4 for the browser: @smithy/signature-v4 (what the AWS SDK signs with) over WebCrypto's SHA-256. The local
 * stack accepts any key; pointed at AWS the same code would need real, short-lived credentials (README "Console").
 */
class WebSha256 {
  readonly #key: Uint8Array<ArrayBuffer> | undefined;
  #parts: Uint8Array<ArrayBuffer>[] = [];

  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.#key = secret === undefined ? undefined : bytes(secret);
  }

  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.#parts.push(bytes(data));
  }

  async digest(): Promise<Uint8Array> {
    const data = new Uint8Array(this.#parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const part of this.#parts) {
      data.set(part, offset);
      offset += part.length;
    }
    if (this.#key === undefined) return new Uint8Array(await crypto.subtle.digest('SHA-256', data));
    const key = await crypto.subtle.importKey('raw', this.#key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    return new Uint8Array(await crypto.subtle.sign('HMAC', key, data));
  }

  reset(): void {
    this.#parts = [];
  }
}

function bytes(data: string | ArrayBuffer | ArrayBufferView): Uint8Array<ArrayBuffer> {
  if (typeof data === 'string') return new TextEncoder().encode(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer);
}

/** Local credentials: the local stack accepts any key (docs/local-stack.md). */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export function signer(config: ConsoleConfig, service: 's3' | 'dynamodb' | 'execute-api'): SignatureV4 {
  return new SignatureV4({
    service,
    region: config.region,
    credentials: LOCAL_CREDENTIALS,
    sha256: WebSha256,
    // S3 signs the path as sent; the JSON services double-encode it (the SDK's settings for each).
    uriEscapePath: service !== 's3',
  });
}

export interface PlainRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
}

function toHttpRequest(request: PlainRequest) {
  const query: Record<string, string> = {};
  for (const [name, value] of request.url.searchParams) query[name] = value;
  return {
    method: request.method,
    protocol: request.url.protocol,
    hostname: request.url.hostname,
    port: request.url.port === '' ? undefined : Number(request.url.port),
    path: request.url.pathname,
    query,
    headers: { ...request.headers, host: request.url.host },
    body: request.body,
  };
}

/** Signs and sends a request with fetch (the browser sets `host` itself). */
export async function signedFetch(sig: SignatureV4, request: PlainRequest): Promise<Response> {
  const signed = await sig.sign(toHttpRequest(request));
  const headers = { ...signed.headers };
  delete headers.host;
  return fetch(request.url, { method: request.method, headers, body: request.body });
}

/**
 * A presigned URL (query-string signature): for links and for uploads with progress (XMLHttpRequest). The payload
 * is `UNSIGNED-PAYLOAD`, as S3 wants for presigned URLs; the header that says so is neither signed nor sent.
 */
export async function presignedUrl(sig: SignatureV4, method: string, url: URL, expiresIn = 3600): Promise<string> {
  const payloadHeader = new Set(['x-amz-content-sha256']);
  const signed = await sig.presign(toHttpRequest({ method, url, headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } }), {
    expiresIn,
    unsignableHeaders: payloadHeader,
    unhoistableHeaders: payloadHeader,
  });
  const out = new URL(url.href);
  out.search = '';
  for (const [name, value] of Object.entries(signed.query ?? {})) out.searchParams.append(name, String(value));
  return out.href;
}

/** `bucket/key` as a path-style URL on the edge (each key segment escaped; `/` kept). */
export function objectUrl(config: ConsoleConfig, bucket: string, key: string): URL {
  const path = key
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
  return new URL(`${config.edgeUrl}/${encodeURIComponent(bucket)}/${path}`);
}
