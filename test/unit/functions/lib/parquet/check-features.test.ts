import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFeatures } from '../../../../../functions/lib/parquet/score-row-group.ts';
import type { NumberColumn } from '../../../../../functions/lib/parquet/decode-numbers.ts';

const column = (...values: number[]): NumberColumn => ({ values: Float64Array.from(values), missing: new Uint8Array(values.length) });

test('a Parquet row group’s features are packed in the model input’s precision, its range checked for that input', () => {
  // prepare: two DOUBLE columns, row 1 beyond float32's range
  const features = [column(0.1, 1e39, 2.5), column(0.2, 0.3, Number.POSITIVE_INFINITY)];

  // act
  const narrow = checkFeatures(features, 3, ['a', 'b'], 'float32');
  const wide = checkFeatures(features, 3, ['a', 'b'], 'float64');

  // assert: float32 rounds 0.1 and refuses 1e39; float64 keeps both; infinity fits neither
  assert.ok(narrow.features instanceof Float32Array);
  assert.deepEqual(Array.from(narrow.kept), [0]);
  assert.deepEqual(Array.from(narrow.features), [Math.fround(0.1), Math.fround(0.2)]);
  assert.deepEqual(narrow.rejected, [
    { row: 1, reason: 'a: value out of float32 range' },
    { row: 2, reason: 'b: infinite value' },
  ]);
  assert.ok(wide.features instanceof Float64Array);
  assert.deepEqual(Array.from(wide.kept), [0, 1]);
  assert.deepEqual(Array.from(wide.features), [0.1, 0.2, 1e39, 0.3]);
  assert.deepEqual(wide.rejected, [{ row: 2, reason: 'b: infinite value' }]);
});
