import { test } from 'node:test';
import assert from 'node:assert/strict';
import { featureRanges } from '../../../../../functions/lib/model/names.ts';

test('feature_ranges metadata: one min:max per feature, in input order', () => {
  assert.deepEqual(featureRanges('4.3:7.9, 2:4.4', 2), [
    { min: 4.3, max: 7.9 },
    { min: 2, max: 4.4 },
  ]);
  assert.deepEqual(featureRanges('-1e3:0', 1), [{ min: -1000, max: 0 }]);
});

test('feature_ranges that do not fit the features are ignored, never an error (a hint only)', () => {
  for (const [text, count] of [
    [undefined, 2],
    ['', 1],
    ['1:2', 2], // one range for two features
    ['1:2,3', 2], // no max
    ['2:1', 1], // min above max
    ['a:b', 1],
    ['1:2:3', 1],
    ['1:Infinity', 1],
  ] as const) {
    assert.equal(featureRanges(text, count), undefined, `${text} for ${count}`);
  }
});
