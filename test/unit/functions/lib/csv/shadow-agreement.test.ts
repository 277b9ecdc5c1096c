import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ShadowAgreement, valuesAgree } from '../../../../../functions/lib/csv/shadow-agreement.ts';
import type { ModelInfo, Predictions } from '../../../../../functions/lib/model/types.ts';

const base = { name: 'm', version: '1', inputName: 'x', inputType: 'float32' as const, featureNames: ['a'], featureCount: 1 };
const classifier = (classNames: string[]): ModelInfo => ({
  ...base,
  kind: 'classifier',
  classNames,
  labelOutput: 'l',
  probabilityOutput: 'p',
});
const regressor: ModelInfo = { ...base, kind: 'regressor', valueOutput: 'v' };
const classes = (...classIndex: number[]): Predictions => ({
  kind: 'classifier',
  rows: classIndex.length,
  classIndex: Int32Array.from(classIndex),
  probabilities: new Float32Array(0),
});
const values = (...v: number[]): Predictions => ({ kind: 'regressor', rows: v.length, values: Float64Array.from(v) });

test('classifiers agree on a row when both predict the same class label, whatever index each gives it', () => {
  const agreement = new ShadowAgreement(classifier(['cat', 'dog', 'eel']), classifier(['dog', 'cat']));

  agreement.add(classes(0, 1, 2, 0), classes(1, 0, 0, 0));
  agreement.add(classes(1), classes(0));

  // cat=cat, dog=dog, eel (the shadow has none) ≠ dog, cat ≠ dog; then dog = dog.
  assert.deepEqual(agreement.counts, { rows: 5, agreeing: 3 });
});

test('regression values agree within 1e-6 of the model value (absolute below 1); the differences are summed', () => {
  const agreement = new ShadowAgreement(regressor, regressor);

  agreement.add(values(1000, 0.5, 2, -3), values(1000.0009, 0.5000009, 2.5, -3));

  const { rows, agreeing, absoluteDifference } = agreement.counts;
  assert.deepEqual({ rows, agreeing }, { rows: 4, agreeing: 3 });
  assert.ok(Math.abs((absoluteDifference ?? 0) - (0.0009 + 0.0000009 + 0.5)) < 1e-9, `${absoluteDifference}`);
  assert.equal(valuesAgree(1e6, 1e6 + 1), true);
  assert.equal(valuesAgree(1e6, 1e6 + 1.01), false);
  assert.equal(valuesAgree(0, 1e-6), true);
  assert.equal(valuesAgree(0, 1.1e-6), false);
});

test('a value that is not a finite number makes the sum of differences null; equal infinities still agree', () => {
  const agreement = new ShadowAgreement(regressor, regressor);

  agreement.add(values(Number.POSITIVE_INFINITY, Number.NaN, 1), values(Number.POSITIVE_INFINITY, 1, 1));

  assert.deepEqual(agreement.counts, { rows: 3, agreeing: 2, absoluteDifference: null });
});

test('a shadow of another kind is refused', () => {
  assert.throws(() => new ShadowAgreement(classifier(['a']), regressor), /a regressor cannot shadow a classifier/);
});
