/** SigV4 signing with the AWS SDK's own signer, as a client of an AWS_IAM API signs its requests. */
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

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface RequestToSign {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface SignerSettings {
  credentials: SigningCredentials;
  region: string;
  /** `execute-api` for an API Gateway API. */
  service: string;
  signingDate?: Date;
}

/** The headers (host, x-amz-date, x-amz-content-sha256, authorization and the given ones) of the signed request. */
export async function signedHeaders(request: RequestToSign, settings: SignerSettings): Promise<Record<string, string>> {
  const url = new URL(request.url);
  const signer = new SignatureV4({ credentials: settings.credentials, region: settings.region, service: settings.service, sha256: Sha256 });
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port) || undefined,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { host: url.host, ...request.headers },
      body: request.body,
    },
    { signingDate: settings.signingDate },
  );
  return Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
}
