import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { handler, modelView } from '../../../functions/get-model.ts';
import type { ClassifierInfo, RegressorInfo } from '../../../functions/lib/model/types.ts';

const card = JSON.parse(readFileSync(new URL('../../../model/iris.json', import.meta.url), 'utf8')) as {
  name: string;
  version: string;
  featureNames: string[];
  classNames: string[];
  dataset: { featureRanges: Record<string, { min: number; max: number }> };
};

test('GET /model: the baked-in model, as its card describes it (names, version, features, their training ranges and classes in order)', async () => {
  const response = await handler({ queryStringParameters: null });

  assert.equal(response.statusCode, 200);
  assert.deepEqual(JSON.parse(response.body), {
    name: card.name,
    version: card.version,
    kind: 'classifier',
    featureNames: card.featureNames,
    featureRanges: card.featureNames.map((name) => card.dataset.featureRanges[name]),
    classNames: card.classNames,
  });
});

test('GET /model?model=: refused with a 4xx that says why, as POST /predict refuses it (here: no model store configured)', async () => {
  const response = await handler({ queryStringParameters: { model: 'wine@champion' } });

  assert.equal(response.statusCode, 400);
  assert.equal(JSON.parse(response.body).error.code, 'MODEL_STORE_NOT_CONFIGURED');
});

test('modelView: a regressor has no classes; a stored model is named by its pin', () => {
  const regressor: RegressorInfo = {
    kind: 'regressor',
    name: 'file-name',
    version: 'unknown',
    inputName: 'x',
    inputType: 'float32',
    featureNames: ['a', 'b'],
    featureCount: 2,
    valueOutput: 'y',
  };
  const pin = { name: 'diabetes', version: '3', sha256: 'ab'.repeat(32) };

  assert.deepEqual(modelView(regressor, pin), { name: 'diabetes', version: '3', kind: 'regressor', featureNames: ['a', 'b'], stored: pin });
  const classifier: ClassifierInfo = { ...regressor, kind: 'classifier', classNames: ['x', 'y'], labelOutput: 'l', probabilityOutput: 'p' };
  assert.deepEqual(modelView(classifier, undefined).classNames, ['x', 'y']);
});
