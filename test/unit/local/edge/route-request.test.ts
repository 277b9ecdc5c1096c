import { test } from 'node:test';
import assert from 'node:assert/strict';
import { routeRequest } from '../../../../local/edge/route-request.ts';

test('JSON-protocol services are routed by X-Amz-Target', () => {
  assert.deepEqual(routeRequest('POST', '/', { 'x-amz-target': 'DynamoDB_20120810.PutItem' }), { kind: 'service', service: 'dynamodb' });
  assert.deepEqual(routeRequest('POST', '/', { 'x-amz-target': 'AWSStepFunctions.StartExecution' }), {
    kind: 'service',
    service: 'stepfunctions',
  });
});

test('an unknown X-Amz-Target is reported, not sent to S3', () => {
  assert.deepEqual(routeRequest('POST', '/', { 'x-amz-target': 'AmazonSQS.SendMessage' }), {
    kind: 'unknown-target',
    target: 'AmazonSQS.SendMessage',
  });
});

test('everything else is S3', () => {
  assert.deepEqual(routeRequest('PUT', '/input/a.csv', {}), { kind: 'service', service: 's3' });
  assert.deepEqual(routeRequest('GET', '/', { authorization: 'AWS4-HMAC-SHA256 …' }), { kind: 'service', service: 's3' });
  assert.deepEqual(routeRequest('POST', '/input/a.csv?uploads', { 'content-type': 'application/xml' }), { kind: 'service', service: 's3' });
});

test('health: /_localstack/health always, /health only unsigned (else it is the bucket "health")', () => {
  assert.deepEqual(routeRequest('GET', '/_localstack/health', {}), { kind: 'health' });
  assert.deepEqual(routeRequest('GET', '/_localstack/health', { authorization: 'x' }), { kind: 'health' });
  assert.deepEqual(routeRequest('GET', '/health', {}), { kind: 'health' });
  assert.deepEqual(routeRequest('GET', '/health/', {}), { kind: 'health' });
  assert.deepEqual(routeRequest('GET', '/health?list-type=2', { authorization: 'AWS4-HMAC-SHA256 …' }), { kind: 'service', service: 's3' });
  assert.deepEqual(routeRequest('PUT', '/health', {}), { kind: 'service', service: 's3' });
});
