/** Shared by the S3 adversarial tests: raw HTTP requests (the local S3 behind an edge: test/helpers/local-s3-client.ts). */
import { request } from 'node:http';
export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** An HTTP request with the path exactly as given (fetch and the SDK would resolve `..` segments or re-encode). */
export function rawRequest(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<RawAnswer> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body ?? '')) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** The `<Code>` of an S3 error document. */
export function errorCode(answer: RawAnswer): string | undefined {
  return /<Code>([^<]*)<\/Code>/.exec(answer.body)?.[1];
}
