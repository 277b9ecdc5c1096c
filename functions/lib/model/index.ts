export { loadModel, getModel, unloadModel } from './load-model.ts';
export { describeModel } from './describe-model.ts';
export type { ModelDescription, ValueShape } from './describe-model.ts';
export { readMetadataProps } from './read-metadata.ts';
export { UnsupportedModelError, ModelFormatError } from './errors.ts';
export type { Model, ModelInfo, Predictions } from './types.ts';
