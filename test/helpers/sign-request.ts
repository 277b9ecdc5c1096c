/** SigV4 signing with the AWS SDK's own signer, as a client of an AWS_IAM API would sign its requests. */
import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';

/** node:crypto in the shape the SDK's signer hashes with. */
class Sha256 {
  readonly #hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.#hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.#hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return this.#hash.digest();
  }
}

function bytes(data: string | ArrayBuffer | ArrayBufferView): string | Buffer {
  if (typeof data === 'string') return data;
  return ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data);
}

export interface SignOptions {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  secret?: string;
  service?: string;
  signingDate?: Date;
}

/** The headers (host, x-amz-date, x-amz-content-sha256, authorization and the given ones) of the signed request. */
export async function signedHeaders(options: SignOptions): Promise<Record<string, string>> {
  const url = new URL(options.url);
  const signer = new SignatureV4({
    credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: options.secret ?? 'local' },
    region: 'us-east-1',
    service: options.service ?? 'execute-api',
    sha256: Sha256,
  });
  const request = await signer.sign(
    {
      method: options.method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port) || undefined,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { host: url.host, ...options.headers },
      body: options.body,
    },
    { signingDate: options.signingDate },
  );
  return Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
}
