import { createHash } from 'node:crypto';
import type { CrossValidationResult, Dataset, TrainingOptions } from './types.ts';
import { IR_VERSION, OPSET } from './export-onnx.ts';

export interface ModelCardInput {
  name: string;
  version: string;
  fileName: string;
  onnx: Uint8Array;
  data: Dataset;
  datasetSource: string;
  training: TrainingOptions;
  crossValidation: CrossValidationResult & { k: number; seed: number };
  trainingAccuracy: number;
}

/** 4 decimals is plenty for accuracies over ≤150 rows and keeps the card diff-friendly. */
const round = (v: number) => Number(v.toFixed(4));

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The model card as stable JSON text: no dates or host details, so reruns are byte-identical. */
export function renderModelCard(input: ModelCardInput): string {
  const { data, crossValidation: cv } = input;
  const card = {
    name: input.name,
    version: input.version,
    file: input.fileName,
    sha256: sha256Hex(input.onnx),
    bytes: input.onnx.byteLength,
    format: { irVersion: IR_VERSION, opset: OPSET },
    algorithm: 'multinomial logistic regression (softmax), full-batch gradient descent',
    io: {
      input: { name: 'input', type: 'float32', shape: ['N', data.featureNames.length], units: 'cm (raw, unscaled)' },
      outputs: [
        { name: 'label', type: 'int64', shape: ['N'] },
        { name: 'probabilities', type: 'float32', shape: ['N', data.classNames.length] },
      ],
    },
    featureNames: data.featureNames,
    classNames: data.classNames,
    dataset: {
      source: input.datasetSource,
      rows: data.labels.length,
      classCounts: classCounts(data),
      featureRanges: Object.fromEntries(featureRanges(data).map((range, f) => [data.featureNames[f], range])),
    },
    training: {
      ...input.training,
      initialization: 'zeros',
      standardization: 'z-score on training rows, folded into the exported weights',
    },
    metrics: {
      crossValidation: {
        method: 'stratified k-fold',
        k: cv.k,
        seed: cv.seed,
        folds: cv.folds.map((f) => ({ ...f, accuracy: round(f.accuracy) })),
        meanAccuracy: round(cv.meanAccuracy),
      },
      trainingAccuracy: round(input.trainingAccuracy),
    },
  };
  return `${JSON.stringify(card, null, 2)}\n`;
}

/** Each feature's smallest and largest training value, in input order (also the model's `feature_ranges` metadata). */
export function featureRanges(data: Dataset): { min: number; max: number }[] {
  return data.featureNames.map((_, f) => {
    const values = data.features.map((row) => row[f]!);
    return { min: Math.min(...values), max: Math.max(...values) };
  });
}

function classCounts(data: Dataset): Record<string, number> {
  return Object.fromEntries(data.classNames.map((name, c) => [name, data.labels.filter((l) => l === c).length]));
}
