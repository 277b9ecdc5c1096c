import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asInputType, batchFeatureType, featureArray, fitsFloat32, fitsInput } from '../../../../../functions/lib/model/feature-values.ts';

test('a float32 input holds values that stay finite once rounded to float32; a float64 input any finite double', () => {
  const float32 = fitsInput('float32');
  const float64 = fitsInput('float64');
  for (const value of [3.4e38, -3.4028234663852886e38, 1e-50, 0.1]) assert.equal(float32(value), true, String(value));
  for (const value of [3.5e38, -1e39, Infinity, Number.NaN]) assert.equal(float32(value), false, String(value));
  for (const value of [3.5e38, -1e39, 1.7976931348623157e308, 0.1]) assert.equal(float64(value), true, String(value));
  for (const value of [Infinity, -Infinity, Number.NaN]) assert.equal(float64(value), false, String(value));
  assert.equal(fitsFloat32, float32);
});

test('features are kept in the input precision: a float64 input gets the doubles as parsed, unrounded', () => {
  const parsed = [0.1, 5.1, 1e39];
  const wide = featureArray('float64', 3);
  const narrow = featureArray('float32', 3);
  parsed.forEach((value, i) => {
    wide[i] = value;
    narrow[i] = value;
  });
  assert.deepEqual([...wide], parsed);
  assert.deepEqual([...narrow], [Math.fround(0.1), Math.fround(5.1), Infinity]);
});

test('features reach each model in its own precision: the same array when it matches, else converted', () => {
  const wide = Float64Array.of(0.1, 2.5);
  const narrow = Float32Array.of(0.1, 2.5);
  assert.equal(asInputType(wide, 'float64'), wide);
  assert.equal(asInputType(narrow, 'float32'), narrow);
  assert.deepEqual(asInputType(wide, 'float32'), Float32Array.of(0.1, 2.5));
  // Rounding a parsed double to float32 once is what parsing straight into float32 gives.
  assert.deepEqual(asInputType(wide, 'float32'), narrow);
  assert.deepEqual(asInputType(narrow, 'float64'), Float64Array.of(Math.fround(0.1), 2.5));
});

test('a job parses into float64 when its model or its shadow takes float64', () => {
  assert.equal(batchFeatureType('float32'), 'float32');
  assert.equal(batchFeatureType('float32', undefined), 'float32');
  assert.equal(batchFeatureType('float32', 'float64'), 'float64');
  assert.equal(batchFeatureType('float64', 'float32'), 'float64');
  assert.equal(batchFeatureType(undefined, undefined), 'float32');
});
