import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TrainingDataError } from '../../../model/lib/errors.ts';
import { accuracy, predictClasses } from '../../../model/lib/linear-predict.ts';
import { trainLogistic } from '../../../model/lib/train-logistic.ts';

// Three well-separated blobs on very different scales: exercises standardization + folding.
const features = [
  [1, 100],
  [1.2, 110],
  [0.8, 90],
  [5, 500],
  [5.2, 520],
  [4.8, 480],
  [1, 900],
  [1.1, 950],
  [0.9, 880],
];
const labels = [0, 0, 0, 1, 1, 1, 2, 2, 2];
const quick = { iterations: 300, learningRate: 0.5, l2: 0.001 };

describe('trainLogistic', () => {
  it('fits separable classes given in raw units', () => {
    // Act
    const model = trainLogistic(features, labels, 3, quick);
    // Assert
    assert.equal(model.weights.length, 2);
    assert.equal(model.weights[0].length, 3);
    assert.equal(model.bias.length, 3);
    assert.equal(accuracy(predictClasses(model, features), labels), 1);
  });

  it('is bit-for-bit deterministic', () => {
    // Act
    const a = trainLogistic(features, labels, 3, quick);
    const b = trainLogistic(features, labels, 3, quick);
    // Assert
    assert.deepEqual(a, b);
  });

  it('rejects empty, ragged, non-finite and out-of-range input', () => {
    assert.throws(() => trainLogistic([], [], 3, quick), TrainingDataError);
    assert.throws(() => trainLogistic([[1, 2], [1]], [0, 1], 2, quick), /row 1/);
    assert.throws(() => trainLogistic([[1, Number.NaN]], [0], 2, quick), TrainingDataError);
    assert.throws(() => trainLogistic([[1, 2]], [2], 2, quick), /label 2/);
    assert.throws(() => trainLogistic([[1, 2]], [0, 1], 2, quick), /1 rows but 2 labels/);
  });
});
