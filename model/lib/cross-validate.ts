import { TrainingDataError } from './errors.ts';
import { accuracy, predictClasses } from './linear-predict.ts';
import { createRandom, shuffled } from './seeded-random.ts';
import { trainLogistic } from './train-logistic.ts';
import type { CrossValidationOptions, CrossValidationResult, Dataset, FoldResult } from './types.ts';

/**
 * Stratified k-fold assignment: each class's row indices are shuffled (seeded) and dealt round-robin,
 * so every fold keeps the class balance. Returns the test-row indices of each fold, sorted.
 */
export function stratifiedFolds(labels: readonly number[], k: number, seed: number): number[][] {
  if (!Number.isInteger(k) || k < 2) throw new TrainingDataError(`k must be an integer >= 2, got ${k}`);
  const random = createRandom(seed);
  const folds: number[][] = Array.from({ length: k }, () => []);
  const classes = [...new Set(labels)].sort((a, b) => a - b);
  let next = 0;
  for (const cls of classes) {
    const members = labels.flatMap((l, i) => (l === cls ? [i] : []));
    if (members.length < k) throw new TrainingDataError(`class ${cls} has ${members.length} rows, fewer than k=${k}`);
    // Continue the deal where the previous class stopped so fold sizes stay within one row.
    for (const index of shuffled(members, random)) folds[next++ % k].push(index);
  }
  return folds.map((f) => f.sort((a, b) => a - b));
}

/** Trains on k−1 folds, scores the held-out fold, for each fold. */
export function crossValidate(data: Dataset, options: CrossValidationOptions): CrossValidationResult {
  const testFolds = stratifiedFolds(data.labels, options.k, options.seed);
  const folds = testFolds.map((test, fold) => scoreFold(data, new Set(test), fold, options));
  const meanAccuracy = folds.reduce((acc, f) => acc + f.accuracy, 0) / folds.length;
  return { folds, meanAccuracy };
}

function scoreFold(data: Dataset, test: Set<number>, fold: number, o: CrossValidationOptions): FoldResult {
  const pick = (inTest: boolean) => data.features.flatMap((_, i) => (test.has(i) === inTest ? [i] : []));
  const trainIdx = pick(false);
  const testIdx = pick(true);
  const model = trainLogistic(
    trainIdx.map((i) => data.features[i]),
    trainIdx.map((i) => data.labels[i]),
    data.classNames.length,
    o.training,
  );
  const predicted = predictClasses(
    model,
    testIdx.map((i) => data.features[i]),
  );
  const acc = accuracy(
    predicted,
    testIdx.map((i) => data.labels[i]),
  );
  return { fold, trainRows: trainIdx.length, testRows: testIdx.length, accuracy: acc };
}
