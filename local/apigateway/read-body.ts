import type { IncomingMessage } from 'node:http';
import { isTextContentType } from './event.ts';

const MB = 1024 * 1024;

/** API Gateway's payload quota (REST APIs): larger requests get `413`. */
export const API_GATEWAY_MAX_BODY_BYTES = 10 * MB;

/**
 * Lambda's quota for a synchronous invoke's payload: the proxy event carries the body (base64 for binary media),
 * so a body whose encoded form is over it can never reach the function; API Gateway answers `413 Request Too Long`.
 */
export const LAMBDA_MAX_PAYLOAD_BYTES = 6 * MB;

export type BodyOutcome = { kind: 'body'; body: Buffer } | { kind: 'too-large' } | { kind: 'gone' };

/** The largest raw body that fits both quotas (`gatewayMax` is API Gateway's; base64 makes 3 bytes 4). */
export function bodyLimitFor(contentType: string | undefined, gatewayMax: number): number {
  const lambdaMax = isTextContentType(contentType) ? LAMBDA_MAX_PAYLOAD_BYTES : Math.floor((LAMBDA_MAX_PAYLOAD_BYTES / 4) * 3);
  return Math.min(gatewayMax, lambdaMax);
}

/**
 * Reads a body of at most `limit` bytes. A declared Content-Length over it is refused before a byte is read; a
 * chunked body stops being collected at the limit (what was collected is dropped at once), so a crowd of large
 * bodies costs at most `limit` each while it is being read, and nothing once refused. `gone`: the client went away.
 */
export function readLimitedBody(req: IncomingMessage, limit: number): Promise<BodyOutcome> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.resolve({ kind: 'too-large' });
  return new Promise((resolve) => {
    let chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      req.pause();
      chunks = [];
      resolve({ kind: 'too-large' });
    };
    req.on('data', onData);
    req.once('end', () => resolve({ kind: 'body', body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) }));
    req.once('error', () => resolve({ kind: 'gone' }));
    req.once('close', () => {
      if (!req.complete) resolve({ kind: 'gone' });
    });
  });
}
