import { TrainingDataError } from './errors.ts';
import { logits, softmax } from './linear-predict.ts';
import { fitStandardizer, foldStandardizer, standardize } from './standardize.ts';
import type { LinearClassifier, TrainingOptions } from './types.ts';

export const DEFAULT_TRAINING: TrainingOptions = { iterations: 2000, learningRate: 0.5, l2: 0.001 };

/**
 * Multinomial logistic regression by fixed-iteration full-batch gradient descent from zero weights.
 * No randomness and a fixed summation order, so the same data gives bit-identical weights.
 * Features are standardized for conditioning; the returned classifier works on RAW features.
 */
export function trainLogistic(
  features: readonly number[][],
  labels: readonly number[],
  classCount: number,
  options: TrainingOptions = DEFAULT_TRAINING,
): LinearClassifier {
  assertTrainable(features, labels, classCount);
  const scaler = fitStandardizer(features);
  const z = standardize(features, scaler);
  const model = zeroModel(z[0].length, classCount);
  for (let it = 0; it < options.iterations; it++) step(model, z, labels, options);
  return foldStandardizer(model, scaler);
}

function zeroModel(width: number, classCount: number): LinearClassifier {
  return {
    weights: Array.from({ length: width }, () => new Array<number>(classCount).fill(0)),
    bias: new Array<number>(classCount).fill(0),
  };
}

/** One gradient step on mean cross-entropy + (l2/2)·|W|². Gradient: Xᵀ(P − Y)/n + l2·W. */
function step(model: LinearClassifier, z: number[][], labels: readonly number[], o: TrainingOptions): void {
  const n = z.length;
  const gradW = model.weights.map((row) => row.map(() => 0));
  const gradB = model.bias.map(() => 0);
  z.forEach((row, i) => {
    const p = softmax(logits(model, row));
    p.forEach((pc, c) => {
      const err = (pc - (labels[i] === c ? 1 : 0)) / n;
      gradB[c] += err;
      for (let j = 0; j < row.length; j++) gradW[j][c] += err * row[j];
    });
  });
  for (const [j, row] of model.weights.entries()) {
    for (const [c, w] of row.entries()) row[c] = w - o.learningRate * (gradW[j][c] + o.l2 * w);
  }
  for (const [c, b] of model.bias.entries()) model.bias[c] = b - o.learningRate * gradB[c];
}

function assertTrainable(features: readonly number[][], labels: readonly number[], classCount: number): void {
  if (features.length === 0) throw new TrainingDataError('no training rows');
  if (features.length !== labels.length) {
    throw new TrainingDataError(`${features.length} rows but ${labels.length} labels`);
  }
  const width = features[0].length;
  const ragged = features.findIndex((row) => row.length !== width || row.some((v) => !Number.isFinite(v)));
  if (ragged >= 0) throw new TrainingDataError(`row ${ragged} is ragged or not finite (expected ${width} numbers)`);
  const bad = labels.findIndex((l) => !Number.isInteger(l) || l < 0 || l >= classCount);
  if (bad >= 0) throw new TrainingDataError(`label ${labels[bad]} at row ${bad} is not in [0, ${classCount})`);
}
