import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPrediction } from '../../../../../functions/lib/http/format-prediction.ts';
import type { ModelInfo } from '../../../../../functions/lib/model/index.ts';

const base = { name: 'm', version: '2', inputName: 'x', inputType: 'float32' as const, featureNames: ['a'], featureCount: 1 };

test('a regressor answers one value per row, shortest float32 text, and no labels or probabilities', () => {
  const info: ModelInfo = { ...base, kind: 'regressor', valueOutput: 'variable' };

  const body = formatPrediction(info, { kind: 'regressor', rows: 2, values: Float32Array.of(151.008, -0.1) });

  assert.equal(JSON.stringify(body), '{"prediction":[151.008,-0.1],"model":{"name":"m","version":"2"}}');
});

test('a float64 regressor keeps every digit', () => {
  const info: ModelInfo = { ...base, inputType: 'float64', kind: 'regressor', valueOutput: 'variable' };

  const body = formatPrediction(info, { kind: 'regressor', rows: 1, values: Float64Array.of(206.11667747265383) });

  assert.deepEqual(body.prediction, [206.11667747265383]);
});

test('string classes: prediction holds class indexes, labels the class strings', () => {
  const info: ModelInfo = { ...base, kind: 'classifier', classNames: ['barbera', 'barolo'], labelOutput: 'l', probabilityOutput: 'p' };

  const body = formatPrediction(info, {
    kind: 'classifier',
    rows: 1,
    classIndex: Int32Array.of(1),
    probabilities: Float32Array.of(0.25, 0.75),
  });

  assert.equal(
    JSON.stringify(body),
    '{"prediction":[1],"labels":["barolo"],"probabilities":[[0.25,0.75]],"model":{"name":"m","version":"2"}}',
  );
});
