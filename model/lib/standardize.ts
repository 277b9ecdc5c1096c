import type { LinearClassifier, Standardizer } from './types.ts';

/** Column means and population standard deviations; a constant column gets std 1 so it cannot divide by zero. */
export function fitStandardizer(features: readonly number[][]): Standardizer {
  const rows = features.length;
  const width = features[0].length;
  const mean = new Array<number>(width).fill(0);
  const std = new Array<number>(width).fill(0);
  for (const row of features) for (let j = 0; j < width; j++) mean[j] += row[j] / rows;
  for (const row of features) for (let j = 0; j < width; j++) std[j] += (row[j] - mean[j]) ** 2 / rows;
  return { mean, std: std.map((v) => (v > 0 ? Math.sqrt(v) : 1)) };
}

export function standardize(features: readonly number[][], s: Standardizer): number[][] {
  return features.map((row) => row.map((v, j) => (v - s.mean[j]) / s.std[j]));
}

/**
 * Rewrites a classifier trained on standardized inputs into one taking raw inputs:
 * ((x - m) / s) · W + b  =  x · (W / s) + (b - m · (W / s)).
 * This keeps the ONNX graph a plain MatMul + Add over centimetres.
 */
export function foldStandardizer(model: LinearClassifier, s: Standardizer): LinearClassifier {
  const weights = model.weights.map((row, j) => row.map((w) => w / s.std[j]));
  const bias = model.bias.map((b, c) => b - weights.reduce((acc, row, j) => acc + s.mean[j] * row[c], 0));
  return { weights, bias };
}
