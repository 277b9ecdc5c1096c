import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeHeaders, parseProxyResult } from '../../../../local/apigateway/index.ts';

test('a valid proxy result is accepted and header values become strings', () => {
  const result = parseProxyResult({ statusCode: 200, headers: { 'Content-Type': 'application/json', 'X-N': 1 }, body: '{"a":1}' });
  assert.ok(result);
  assert.equal(result.statusCode, 200);
  assert.deepEqual(result.headers, { 'Content-Type': 'application/json', 'X-N': '1' });
  assert.equal(result.body.toString(), '{"a":1}');
});

test('base64 bodies are decoded; a missing body is empty', () => {
  assert.deepEqual(parseProxyResult({ statusCode: 200, body: 'AAEC', isBase64Encoded: true })?.body, Buffer.from([0, 1, 2]));
  assert.equal(parseProxyResult({ statusCode: 204 })?.body.length, 0);
});

test('malformed proxy results are refused (API Gateway answers 502)', () => {
  for (const bad of [
    null,
    'text',
    [],
    42,
    {},
    { statusCode: 'abc' },
    { statusCode: 99 },
    { statusCode: 600 },
    { statusCode: 200.5 },
    { statusCode: 200, body: { a: 1 } },
    { statusCode: 200, headers: { a: { b: 1 } } },
    { statusCode: 200, headers: [] },
    { statusCode: 200, multiValueHeaders: { a: 'x' } },
    { statusCode: 200, isBase64Encoded: 'yes' },
  ]) {
    assert.equal(parseProxyResult(bad), undefined, JSON.stringify(bad));
  }
});

test('multi-value headers win over single ones of the same name', () => {
  const result = parseProxyResult({
    statusCode: 200,
    headers: { 'Set-Cookie': 'x=0', A: 'a' },
    multiValueHeaders: { 'set-cookie': ['x=1', 'y=2'] },
  });
  assert.ok(result);
  assert.deepEqual(mergeHeaders(result), { 'set-cookie': ['x=1', 'y=2'], a: 'a' });
});
