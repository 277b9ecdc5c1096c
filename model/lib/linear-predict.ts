import type { LinearClassifier } from './types.ts';

export function logits(model: LinearClassifier, row: readonly number[]): number[] {
  return model.bias.map((b, c) => row.reduce((acc, x, j) => acc + x * model.weights[j][c], b));
}

/** Numerically stable softmax (subtract the max logit first). */
export function softmax(values: readonly number[]): number[] {
  const max = Math.max(...values);
  const exps = values.map((v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/** Index of the largest value; the first one wins ties, like ONNX ArgMax (select_last_index=0). */
export function argMax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

export function predictClasses(model: LinearClassifier, features: readonly number[][]): number[] {
  return features.map((row) => argMax(logits(model, row)));
}

export function accuracy(predicted: readonly number[], expected: readonly number[]): number {
  const hits = predicted.reduce((acc, p, i) => acc + (p === expected[i] ? 1 : 0), 0);
  return hits / expected.length;
}
