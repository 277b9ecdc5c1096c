import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { isJsonProtocolPreflight } from '../../../../local/edge/json-cors.ts';

const request = (method: string, headers: Record<string, string>) => ({ method, headers }) as unknown as IncomingMessage;

test('a preflight asking to send X-Amz-Target is a JSON-protocol one; S3 preflights are left to the bucket CORS rules', () => {
  const origin = 'http://127.0.0.1:3000';
  assert.equal(
    isJsonProtocolPreflight(request('OPTIONS', { origin, 'access-control-request-headers': 'authorization, X-Amz-Target' })),
    true,
  );
  assert.equal(isJsonProtocolPreflight(request('OPTIONS', { origin, 'access-control-request-headers': 'content-type' })), false);
  assert.equal(isJsonProtocolPreflight(request('OPTIONS', { origin })), false);
  assert.equal(isJsonProtocolPreflight(request('OPTIONS', { 'access-control-request-headers': 'x-amz-target' })), false, 'no origin');
  assert.equal(isJsonProtocolPreflight(request('POST', { origin, 'access-control-request-headers': 'x-amz-target' })), false);
});
