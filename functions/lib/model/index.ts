export { loadModel, getModel, unloadModel } from './load-model.ts';
export { describeModel } from './describe-model.ts';
export type { ModelDescription, ValueShape } from './describe-model.ts';
export { readMetadataProps } from './read-metadata.ts';
export { readGraph, withFloatTensorOutputs } from './onnx-graph.ts';
export type { Graph, GraphNode } from './onnx-graph.ts';
export { valueToPrint } from './value-text.ts';
export { UnsupportedModelError, ModelFormatError } from './errors.ts';
export type {
  ClassifierInfo,
  ClassifierPredictions,
  Model,
  ModelInfo,
  ModelKind,
  ModelOptions,
  Predictions,
  RegressorInfo,
  RegressorPredictions,
} from './types.ts';
