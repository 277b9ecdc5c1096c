import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RequestError, modelRequestError, requestedModel } from '../../../../../functions/lib/http/index.ts';
import { InvalidModelRefError, ModelNotFoundError } from '../../../../../functions/lib/model-store/index.ts';

test('the model comes from ?model= or the body field; neither keeps the baked-in model', () => {
  assert.equal(requestedModel({ queryStringParameters: { model: 'wine@champion' } }, { values: [] }), 'wine@champion');
  assert.equal(requestedModel({}, { values: [], model: 'wine@2' }), 'wine@2');
  assert.equal(requestedModel({ queryStringParameters: null }, { values: [] }), undefined);
});

test('a body field that is no string, or two different models, is a 400', () => {
  assert.throws(() => requestedModel({}, { model: 3 }), { code: 'INVALID_MODEL_REF' });
  assert.throws(() => requestedModel({ queryStringParameters: { model: 'a' } }, { model: 'b' }), { code: 'CONFLICTING_MODEL' });
  assert.equal(requestedModel({ queryStringParameters: { model: 'a' } }, { model: 'a' }), 'a');
});

test('store misses become 404, bad references 400, anything else stays as it is', () => {
  const missing = modelRequestError(new ModelNotFoundError('no model named "wine"'));
  const bad = modelRequestError(new InvalidModelRefError('bad'));

  assert.ok(missing instanceof RequestError);
  assert.deepEqual([missing.statusCode, missing.code, missing.message], [404, 'MODEL_NOT_FOUND', 'no model named "wine"']);
  assert.deepEqual([bad?.statusCode, bad?.code], [400, 'INVALID_MODEL_REF']);
  assert.equal(modelRequestError(new Error('boom')), undefined);
});
