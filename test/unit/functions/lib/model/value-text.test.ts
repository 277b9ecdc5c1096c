import { test } from 'node:test';
import assert from 'node:assert/strict';
import { valueToPrint } from '../../../../../functions/lib/model/value-text.ts';

test('a float32 value prints as the shortest decimal that reads back as the same float32', () => {
  const values = Float32Array.of(151.008, 0.1, -2.5, 1e-7, 3.4e38, 16777217);

  assert.deepEqual(
    Array.from(values, (_, i) => String(valueToPrint(values, i))),
    ['151.008', '0.1', '-2.5', '1e-7', '3.4e+38', '16777216'],
  );
});

test('every float32 reads back exactly from its printed value', () => {
  const values = new Float32Array(20000);
  for (let i = 0; i < values.length; i++) values[i] = (Math.random() - 0.5) * 10 ** Math.floor(Math.random() * 20 - 10);

  for (let i = 0; i < values.length; i++) assert.equal(Math.fround(valueToPrint(values, i)), values[i]);
});

test('float64 values and non-finite values are left as they are', () => {
  assert.equal(valueToPrint(Float64Array.of(206.11667747265383), 0), 206.11667747265383);
  assert.ok(Number.isNaN(valueToPrint(Float32Array.of(Number.NaN), 0)));
});
