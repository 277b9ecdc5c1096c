import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildProxyEvent, formatRequestTime, isTextContentType } from '../../../../local/apigateway/index.ts';

const context = {
  requestId: 'req-1',
  stage: 'local',
  apiId: 'local',
  accountId: '000000000000',
  now: new Date('2026-11-25T02:50:33.123Z'),
};

function request(overrides: Partial<Parameters<typeof buildProxyEvent>[0]> = {}) {
  return {
    method: 'POST',
    url: '/predict',
    rawHeaders: ['Host', '127.0.0.1:3000', 'Content-Type', 'application/json', 'User-Agent', 'curl/8'],
    body: Buffer.from('{"values": [[5.9, 3.0, 5.1, 2.3]]}'),
    sourceIp: '127.0.0.1',
    ...overrides,
  };
}

test('a JSON POST becomes a REST v1 proxy event with a string body', () => {
  const event = buildProxyEvent(request(), { resource: '/predict', pathParameters: null }, context);
  assert.equal(event.resource, '/predict');
  assert.equal(event.path, '/predict');
  assert.equal(event.httpMethod, 'POST');
  assert.equal(event.body, '{"values": [[5.9, 3.0, 5.1, 2.3]]}');
  assert.equal(event.isBase64Encoded, false);
  assert.equal(event.headers['Content-Type'], 'application/json');
  assert.deepEqual(event.multiValueHeaders['User-Agent'], ['curl/8']);
  assert.equal(event.queryStringParameters, null);
  assert.equal(event.multiValueQueryStringParameters, null);
  assert.equal(event.pathParameters, null);
  assert.equal(event.stageVariables, null);
  const rc = event.requestContext;
  assert.equal(rc.requestId, 'req-1');
  assert.equal(rc.stage, 'local');
  assert.equal(rc.identity.sourceIp, '127.0.0.1');
  assert.equal(rc.identity.userAgent, 'curl/8');
  assert.equal(rc.requestTimeEpoch, context.now.getTime());
  assert.equal(rc.requestTime, '25/Nov/2026:02:50:33 +0000');
  assert.equal(rc.resourcePath, '/predict');
  assert.equal(rc.httpMethod, 'POST');
  assert.equal(rc.path, '/local/predict');
});

test('repeated headers and query keys: last value single, all values multi', () => {
  const event = buildProxyEvent(
    request({ method: 'GET', url: '/jobs/42?a=1&a=2&b=x', rawHeaders: ['X-Id', '1', 'X-Id', '2'], body: Buffer.alloc(0) }),
    { resource: '/jobs/{id}', pathParameters: { id: '42' } },
    context,
  );
  assert.deepEqual(event.headers, { 'X-Id': '2' });
  assert.deepEqual(event.multiValueHeaders, { 'X-Id': ['1', '2'] });
  assert.deepEqual(event.queryStringParameters, { a: '2', b: 'x' });
  assert.deepEqual(event.multiValueQueryStringParameters, { a: ['1', '2'], b: ['x'] });
  assert.deepEqual(event.pathParameters, { id: '42' });
  assert.equal(event.body, null);
  assert.equal(event.isBase64Encoded, false);
});

test('a binary body is base64-encoded', () => {
  const bytes = Buffer.from([0, 1, 2, 255]);
  const event = buildProxyEvent(
    request({ rawHeaders: ['Content-Type', 'application/octet-stream'], body: bytes }),
    { resource: '/predict', pathParameters: null },
    context,
  );
  assert.equal(event.isBase64Encoded, true);
  assert.equal(event.body, bytes.toString('base64'));
});

test('text content types', () => {
  for (const type of [
    undefined,
    '',
    'application/json',
    'application/json; charset=utf-8',
    'text/csv',
    'application/problem+json',
    'application/x-www-form-urlencoded',
  ]) {
    assert.equal(isTextContentType(type), true, String(type));
  }
  for (const type of ['application/octet-stream', 'image/png', 'application/gzip']) assert.equal(isTextContentType(type), false, type);
});

test('requestTime pads single digits', () => {
  assert.equal(formatRequestTime(new Date('2026-01-02T03:04:05Z')), '02/Jan/2026:03:04:05 +0000');
});
