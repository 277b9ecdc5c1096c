import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * CORS for the JSON-protocol services (DynamoDB, Step Functions): their endpoints answer any origin, as AWS's do
 * (a browser app signs its requests; CORS grants nothing, the signature does). S3 is not here: a bucket's own CORS
 * rules decide for it (local/s3/cors.ts).
 */
const EXPOSED = 'x-amzn-requestid, x-amz-crc32, x-amzn-errortype';

/** A preflight for a JSON-protocol call: the browser asks to send `X-Amz-Target`, which S3 requests never carry. */
export function isJsonProtocolPreflight(req: IncomingMessage): boolean {
  const requested = req.headers['access-control-request-headers'];
  return (
    req.method === 'OPTIONS' &&
    typeof req.headers.origin === 'string' &&
    typeof requested === 'string' &&
    requested
      .toLowerCase()
      .split(',')
      .some((name) => name.trim() === 'x-amz-target')
  );
}

export function answerJsonProtocolPreflight(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  res.writeHead(200, {
    'access-control-allow-origin': '*',
    'access-control-allow-methods': 'POST',
    'access-control-allow-headers': String(req.headers['access-control-request-headers']),
    'access-control-max-age': '172800',
    'content-length': 0,
  });
  res.end();
}

/** The headers a browser needs to read a JSON-protocol answer (set before the service writes its head). */
export function allowJsonProtocolOrigin(req: IncomingMessage, res: ServerResponse): void {
  if (typeof req.headers.origin !== 'string') return;
  res.setHeader('access-control-allow-origin', '*');
  res.setHeader('access-control-expose-headers', EXPOSED);
}
