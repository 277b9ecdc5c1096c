import type { ModelInfo, Predictions } from '../model/types.ts';
import { valueToPrint } from '../model/value-text.ts';
import type { PinnedModel } from '../model-store/types.ts';
import type { PredictResponseBody } from './types.ts';

/** Probabilities rounded to 6 decimals: float32 noise beyond that only bloats the JSON. */
const round = (value: number): number => Math.round(value * 1e6) / 1e6;

/** `stored`: the model store's name, version and sha256 of the model that answered, when the request named one. */
export function formatPrediction(info: ModelInfo, predictions: Predictions, stored?: PinnedModel): PredictResponseBody {
  const model = stored ? { name: stored.name, version: stored.version, sha256: stored.sha256 } : { name: info.name, version: info.version };
  if (predictions.kind === 'regressor') {
    return { prediction: Array.from(predictions.values, (_, row) => valueToPrint(predictions.values, row)), model };
  }
  const classNames = info.kind === 'classifier' ? info.classNames : [];
  const classes = classNames.length;
  const prediction = Array.from(predictions.classIndex);
  return {
    prediction,
    labels: prediction.map((index) => classNames[index] ?? String(index)),
    probabilities: prediction.map((_, row) => Array.from(predictions.probabilities.subarray(row * classes, (row + 1) * classes), round)),
    model,
  };
}
