import { basename, extname } from 'node:path';
import { UnsupportedModelError } from './errors.ts';
import type { ModelInfo } from './types.ts';

/** What describeModel needs from an ONNX session (the subset of onnxruntime's metadata it reads). */
export interface ValueShape {
  name: string;
  isTensor: boolean;
  type?: string;
  shape?: ReadonlyArray<number | string>;
}

export interface ModelDescription {
  path: string;
  inputs: readonly ValueShape[];
  outputs: readonly ValueShape[];
  metadata: Record<string, string>;
}

const LABEL_NAMES = ['label', 'output_label'];
const PROBABILITY_NAMES = ['probabilities', 'output_probability'];

/**
 * Derives what the service needs to serve a classifier from the session's inputs/outputs and `metadata_props`.
 * Widths come from the model, never from constants, so any float32 [N, F] → (label, probabilities) classifier works.
 */
export function describeModel(model: ModelDescription): ModelInfo {
  const input = singleFloatInput(model.inputs);
  const labelOutput = findOutput(model.outputs, LABEL_NAMES, 'int64');
  const probability = findOutput(model.outputs, PROBABILITY_NAMES, 'float32');
  const featureNames = names(model.metadata.feature_names, dimension(input.shape, 1), 'f', 'feature');
  const classNames = names(model.metadata.class_names, dimension(probability.shape, 1), '', 'class');
  return {
    name: model.metadata.model_name || basename(model.path, extname(model.path)),
    version: model.metadata.model_version || 'unknown',
    inputName: input.name,
    featureNames,
    featureCount: featureNames.length,
    classNames,
    labelOutput: labelOutput.name,
    probabilityOutput: probability.name,
  };
}

function singleFloatInput(inputs: readonly ValueShape[]): ValueShape {
  if (inputs.length !== 1) {
    throw new UnsupportedModelError(`expected one float32 [N, features] input, the model has ${inputs.length}`);
  }
  const input = inputs[0]!;
  if (!input.isTensor || input.type !== 'float32' || (input.shape && input.shape.length !== 2)) {
    throw new UnsupportedModelError(`input "${input.name}" must be a float32 tensor of shape [N, features]`);
  }
  return input;
}

function findOutput(outputs: readonly ValueShape[], preferred: string[], type: string): ValueShape {
  const named = outputs.find((o) => preferred.includes(o.name));
  if (named && !named.isTensor) {
    throw new UnsupportedModelError(
      `output "${named.name}" is not a tensor (a ZipMap sequence of maps, as skl2onnx writes by default); ` +
        're-export with options={id(model): {"zipmap": False}} so probabilities are a float32 [N, classes] tensor',
    );
  }
  const chosen = named ?? outputs.find((o) => o.isTensor && o.type === type);
  if (!chosen || chosen.type !== type) {
    const wanted = preferred.map((n) => `"${n}"`).join(' or ');
    throw new UnsupportedModelError(`the model has no ${type} output named ${wanted}`);
  }
  return chosen;
}

function dimension(shape: ReadonlyArray<number | string> | undefined, axis: number): number | undefined {
  const value = shape?.[axis];
  return typeof value === 'number' && value > 0 ? value : undefined;
}

/** Names from comma-separated metadata, checked against the tensor width when both are known. */
function names(listed: string | undefined, width: number | undefined, prefix: string, what: string): string[] {
  const fromMetadata = listed ? listed.split(',').map((n) => n.trim()) : undefined;
  if (fromMetadata && width !== undefined && fromMetadata.length !== width) {
    throw new UnsupportedModelError(`metadata lists ${fromMetadata.length} ${what} names but the tensor has ${width}`);
  }
  if (fromMetadata) return fromMetadata;
  if (width === undefined) {
    throw new UnsupportedModelError(`the ${what} count is neither a fixed tensor dimension nor in metadata_props`);
  }
  return Array.from({ length: width }, (_, i) => `${prefix}${i}`);
}
