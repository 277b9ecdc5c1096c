import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crossValidate, stratifiedFolds } from '../../../model/lib/cross-validate.ts';
import { TrainingDataError } from '../../../model/lib/errors.ts';
import { loadIris } from '../../../model/lib/iris-data.ts';
import { DEFAULT_TRAINING } from '../../../model/lib/train-logistic.ts';

const labels = [...Array(10).fill(0), ...Array(10).fill(1), ...Array(5).fill(2)];

describe('stratifiedFolds', () => {
  it('partitions every row exactly once and keeps class balance', () => {
    // Act
    const folds = stratifiedFolds(labels, 5, 1);
    // Assert
    assert.deepEqual(
      folds.flat().sort((a, b) => a - b),
      labels.map((_, i) => i),
    );
    for (const fold of folds) {
      assert.equal(fold.length, 5);
      assert.deepEqual(
        [0, 1, 2].map((c) => fold.filter((i) => labels[i] === c).length),
        [2, 2, 1],
      );
    }
  });

  it('is reproducible for a seed and changes with the seed', () => {
    assert.deepEqual(stratifiedFolds(labels, 5, 7), stratifiedFolds(labels, 5, 7));
    assert.notDeepEqual(stratifiedFolds(labels, 5, 7), stratifiedFolds(labels, 5, 8));
  });

  it('refuses k < 2 and classes smaller than k', () => {
    assert.throws(() => stratifiedFolds(labels, 1, 1), TrainingDataError);
    assert.throws(() => stratifiedFolds(labels, 6, 1), /class 2 has 5 rows/);
  });
});

describe('crossValidate on Iris', () => {
  it('reaches >= 0.93 mean held-out accuracy over 5 stratified folds', () => {
    // Act
    const result = crossValidate(loadIris(), { k: 5, seed: 42, training: DEFAULT_TRAINING });
    // Assert
    assert.equal(result.folds.length, 5);
    for (const f of result.folds) assert.equal(f.testRows, 30);
    assert.ok(result.meanAccuracy >= 0.93, `mean accuracy ${result.meanAccuracy}`);
    assert.ok(Math.min(...result.folds.map((f) => f.accuracy)) >= 0.9);
  });
});
