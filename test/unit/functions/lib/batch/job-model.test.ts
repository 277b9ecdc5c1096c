import { test } from 'node:test';
import assert from 'node:assert/strict';
import { modelRefOf } from '../../../../../functions/lib/batch/job-model.ts';

test('the model reference is the object metadata "model" (x-amz-meta-model), trimmed; absent or blank is none', () => {
  assert.equal(modelRefOf({ model: 'wine@champion' }), 'wine@champion');
  assert.equal(modelRefOf({ model: ' wine@2 ' }), 'wine@2');
  assert.equal(modelRefOf({ model: '' }), undefined);
  assert.equal(modelRefOf({ columns: 'a,b' }), undefined);
  assert.equal(modelRefOf(undefined), undefined);
});
