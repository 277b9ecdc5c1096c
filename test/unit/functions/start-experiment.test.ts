import { test } from 'node:test';
import assert from 'node:assert/strict';
import { handler } from '../../../functions/start-experiment.ts';

test('400 with a code for an unknown experiment type or bad JSON (no workflow started)', async () => {
  const cases: Array<[string, string]> = [
    ['{"experiment_type":"SERIAL"}', 'INVALID_EXPERIMENT_TYPE'],
    ['{"experiment_type":42}', 'INVALID_EXPERIMENT_TYPE'],
    ['not json', 'INVALID_JSON'],
  ];
  for (const [body, code] of cases) {
    const response = await handler({ body });
    assert.equal(response.statusCode, 400, body);
    const parsed = JSON.parse(response.body);
    assert.equal(parsed.error.code, code);
    assert.equal(typeof parsed.error.message, 'string');
  }
});

test('base64-encoded bodies are decoded before validation', async () => {
  const body = Buffer.from('{"experiment_type":"BOTH"}').toString('base64');
  const response = await handler({ body, isBase64Encoded: true });
  assert.equal(JSON.parse(response.body).error.code, 'INVALID_EXPERIMENT_TYPE');
});
