import { randomBytes } from 'node:crypto';
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { escapeXml } from './xml.ts';

/**
 * Answers with S3's error document, so SDKs raise the named exception (NoSuchKey, BadDigest, ...). A HEAD answer
 * has no body, as on S3 (SDKs then name the error by its status: NotFound, ...).
 */
export function sendS3Error(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: OutgoingHttpHeaders = {},
  head = false,
): void {
  const requestId = randomBytes(8).toString('hex').toUpperCase();
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message><RequestId>${requestId}</RequestId></Error>`;
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/xml',
    'content-length': head ? 0 : Buffer.byteLength(body),
    'x-amz-request-id': requestId,
  });
  res.end(head ? undefined : body);
}

export function sendXml(res: ServerResponse, status: number, xml: string): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`;
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export function sendEmpty(res: ServerResponse, status: number, headers: OutgoingHttpHeaders = {}): void {
  res.writeHead(status, { ...headers, 'content-length': 0 });
  res.end();
}
