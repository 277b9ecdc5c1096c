import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerAndDrop } from '../http/idle-clients.ts';
import type { EdgeServiceName } from './types.ts';

/** S3's text for a client that stopped sending (`400 RequestTimeout`); the JSON services get the same words. */
export const REQUEST_TIMEOUT_MESSAGE =
  'Your socket connection to the server was not read from or written to within the timeout period. Idle connections will be closed.';

/** Answers an idle upload as S3 does (`400 RequestTimeout`, XML), or a JSON-protocol request with the same error as JSON. */
export function answerRequestTimeout(req: IncomingMessage, res: ServerResponse, service: EdgeServiceName): void {
  if (service === 's3') {
    const requestId = randomBytes(8).toString('hex').toUpperCase();
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
      `<Error><Code>RequestTimeout</Code><Message>${REQUEST_TIMEOUT_MESSAGE}</Message><RequestId>${requestId}</RequestId></Error>`;
    answerAndDrop(req, res, 400, { 'content-type': 'application/xml', 'x-amz-request-id': requestId }, xml);
    return;
  }
  const json = JSON.stringify({ __type: 'RequestTimeout', message: REQUEST_TIMEOUT_MESSAGE });
  answerAndDrop(req, res, 400, { 'content-type': 'application/x-amz-json-1.0' }, json);
}
