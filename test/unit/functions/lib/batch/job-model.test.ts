import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SHADOW_METADATA, modelRefOf, shadowMismatch } from '../../../../../functions/lib/batch/job-model.ts';
import type { ModelInfo } from '../../../../../functions/lib/model/types.ts';

test('the model reference is the object metadata "model" (x-amz-meta-model), trimmed; absent or blank is none', () => {
  assert.equal(modelRefOf({ model: 'wine@champion' }), 'wine@champion');
  assert.equal(modelRefOf({ model: ' wine@2 ' }), 'wine@2');
  assert.equal(modelRefOf({ model: '' }), undefined);
  assert.equal(modelRefOf({ columns: 'a,b' }), undefined);
  assert.equal(modelRefOf(undefined), undefined);
});

test('the shadow model reference is the object metadata "shadow", read the same way', () => {
  const metadata = { model: 'wine@champion', shadow: ' wine@challenger ' };

  assert.equal(modelRefOf(metadata, SHADOW_METADATA), 'wine@challenger');
  assert.equal(modelRefOf({ model: 'wine@champion' }, SHADOW_METADATA), undefined);
  assert.equal(modelRefOf(metadata), 'wine@champion');
});

test('a shadow must take the model features in the model order and be of the model kind', () => {
  const model = info('classifier', ['a', 'b', 'c']);

  assert.equal(shadowMismatch(model, info('classifier', ['a', 'b', 'c'])), undefined);
  assert.equal(
    shadowMismatch(model, info('classifier', ['a', 'c', 'b'])),
    "its features (a, c, b) are not the job's model's (a, b, c): the same CSV columns feed both, so a shadow must take the model's features in the model's order",
  );
  assert.match(shadowMismatch(model, info('classifier', ['a', 'b'])) ?? '', /^its features \(a, b\) are not/);
  assert.equal(
    shadowMismatch(model, info('regressor', ['a', 'b', 'c'])),
    "it is a regressor, the job's model a classifier: a shadow must be of the model's kind",
  );
});

function info(kind: ModelInfo['kind'], featureNames: string[]): ModelInfo {
  const base = { name: 'm', version: '1', inputName: 'x', inputType: 'float32' as const, featureNames, featureCount: featureNames.length };
  return kind === 'regressor'
    ? { ...base, kind, valueOutput: 'v' }
    : { ...base, kind, classNames: ['x', 'y'], labelOutput: 'l', probabilityOutput: 'p' };
}
