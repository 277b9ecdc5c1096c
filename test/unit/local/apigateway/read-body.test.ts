import { test } from 'node:test';
import assert from 'node:assert/strict';
import { API_GATEWAY_MAX_BODY_BYTES, LAMBDA_MAX_PAYLOAD_BYTES, bodyLimitFor } from '../../../../local/apigateway/read-body.ts';

test("a text body may use all of Lambda's 6 MB payload", () => {
  assert.equal(bodyLimitFor('application/json', API_GATEWAY_MAX_BODY_BYTES), LAMBDA_MAX_PAYLOAD_BYTES);
  assert.equal(bodyLimitFor(undefined, API_GATEWAY_MAX_BODY_BYTES), LAMBDA_MAX_PAYLOAD_BYTES);
});

test('a binary body travels base64-encoded, so 3/4 of the payload is the most that fits', () => {
  assert.equal(bodyLimitFor('application/octet-stream', API_GATEWAY_MAX_BODY_BYTES), (LAMBDA_MAX_PAYLOAD_BYTES / 4) * 3);
});

test('a smaller gateway limit wins', () => {
  assert.equal(bodyLimitFor('application/json', 1024), 1024);
});
