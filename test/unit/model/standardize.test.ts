import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { logits } from '../../../model/lib/linear-predict.ts';
import { fitStandardizer, foldStandardizer, standardize } from '../../../model/lib/standardize.ts';

describe('standardizer', () => {
  it('centres and scales each column, keeping constant columns finite', () => {
    // Act
    const s = fitStandardizer([
      [1, 7],
      [3, 7],
    ]);
    // Assert
    assert.deepEqual(s, { mean: [2, 7], std: [1, 1] });
    assert.deepEqual(
      standardize(
        [
          [1, 7],
          [3, 7],
        ],
        s,
      ),
      [
        [-1, 0],
        [1, 0],
      ],
    );
  });

  it('folding into the weights gives the same logits on raw inputs', () => {
    // Prepare
    const s = { mean: [5.8, 3.0], std: [0.8, 0.4] };
    const scaled = {
      weights: [
        [1, -2, 0.5],
        [0.3, 0.1, -1],
      ],
      bias: [0.2, -0.1, 0],
    };
    const raw = [6.1, 2.7];
    // Act
    const folded = foldStandardizer(scaled, s);
    // Assert
    const expected = logits(scaled, standardize([raw], s)[0]);
    logits(folded, raw).forEach((v, c) => assert.ok(Math.abs(v - expected[c]) < 1e-12));
  });
});
