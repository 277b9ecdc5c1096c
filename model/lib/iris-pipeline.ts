import { crossValidate } from './cross-validate.ts';
import { buildClassifierOnnx } from './export-onnx.ts';
import { IRIS_SOURCE, loadIris } from './iris-data.ts';
import { accuracy, predictClasses } from './linear-predict.ts';
import { featureRanges, renderModelCard } from './model-card.ts';
import { DEFAULT_TRAINING, trainLogistic } from './train-logistic.ts';
import type { CrossValidationResult, LinearClassifier, TrainingOptions } from './types.ts';

export const IRIS_MODEL_NAME = 'iris';
export const IRIS_MODEL_VERSION = '1.0.0';
export const IRIS_CV = { k: 5, seed: 42 };

export interface IrisArtefacts {
  model: LinearClassifier;
  crossValidation: CrossValidationResult;
  trainingAccuracy: number;
  onnx: Uint8Array;
  card: string;
}

/** Cross-validates, fits on all 150 rows, exports ONNX and renders the card. Pure: no I/O. */
export function buildIrisArtefacts(training: TrainingOptions = DEFAULT_TRAINING): IrisArtefacts {
  const data = loadIris();
  const crossValidation = crossValidate(data, { ...IRIS_CV, training });
  const model = trainLogistic(data.features, data.labels, data.classNames.length, training);
  const trainingAccuracy = accuracy(predictClasses(model, data.features), data.labels);
  const onnx = buildClassifierOnnx({
    ...model,
    featureNames: data.featureNames,
    featureRanges: featureRanges(data),
    classNames: data.classNames,
    name: IRIS_MODEL_NAME,
    version: IRIS_MODEL_VERSION,
  });
  const card = renderModelCard({
    name: IRIS_MODEL_NAME,
    version: IRIS_MODEL_VERSION,
    fileName: `${IRIS_MODEL_NAME}.onnx`,
    onnx,
    data,
    datasetSource: IRIS_SOURCE,
    training,
    crossValidation: { ...crossValidation, ...IRIS_CV },
    trainingAccuracy,
  });
  return { model, crossValidation, trainingAccuracy, onnx, card };
}
