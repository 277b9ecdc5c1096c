import { basename, extname } from 'node:path';
import { classifierOutputs, FLOATS, regressorOutput } from './describe-outputs.ts';
import { UnsupportedModelError } from './errors.ts';
import { dimension, featureRanges, listed, names } from './names.ts';
import type { GraphNode } from './onnx-graph.ts';
import type { ModelInfo, ModelOptions } from './types.ts';

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
  /** The graph's nodes (ZipMaps and class labels are read from them); none: the outputs alone decide. */
  nodes?: readonly GraphNode[];
  /** The graph's initializers (TensorProto bytes by name): a classes initializer can name the class labels. */
  initializers?: ReadonlyMap<string, Uint8Array>;
}

/**
 * Derives what the service needs to serve a model from the session's inputs/outputs, the graph's nodes and
 * `metadata_props`. Widths come from the model, never from constants: any one-input [N, F] classifier or regressor.
 */
export function describeModel(model: ModelDescription, options: ModelOptions = {}): ModelInfo {
  const input = singleNumericInput(model.inputs);
  const featureNames = names(options.featureNames ?? listed(model.metadata.feature_names), dimension(input.shape, 1), 'f', 'feature');
  const base = {
    name: model.metadata.model_name || basename(model.path, extname(model.path)),
    version: model.metadata.model_version || 'unknown',
    inputName: input.name,
    inputType: input.type as 'float32' | 'float64',
    featureNames,
    featureCount: featureNames.length,
  };
  const ranges = options.featureNames ? undefined : featureRanges(model.metadata.feature_ranges, featureNames.length);
  if (ranges) Object.assign(base, { featureRanges: ranges });
  const classifier = classifierOutputs(model);
  if (classifier) return { ...base, ...classifier };
  return { ...base, ...regressorOutput(model.outputs) };
}

function singleNumericInput(inputs: readonly ValueShape[]): ValueShape {
  if (inputs.length !== 1) {
    const listedNames = inputs.map((i) => `"${i.name}"`).join(', ');
    throw new UnsupportedModelError(
      `the model has ${inputs.length} inputs${listedNames ? ` (${listedNames})` : ''}; the service feeds one float32 or float64 ` +
        '[N, features] tensor: export with a single input (skl2onnx: initial_types=[("float_input", FloatTensorType([None, F]))])',
    );
  }
  const input = inputs[0]!;
  if (input.isTensor && input.type === 'string') {
    throw new UnsupportedModelError(
      `input "${input.name}" holds strings; the service feeds numbers: encode text or categories before scoring, or export a model whose input is a float tensor [N, features]`,
    );
  }
  if (!input.isTensor || !FLOATS.includes(input.type ?? '') || (input.shape && input.shape.length !== 2)) {
    const what = input.isTensor ? `a ${input.type} tensor of shape [${input.shape?.join(', ') ?? '?'}]` : 'not a tensor';
    throw new UnsupportedModelError(
      `input "${input.name}" is ${what}; the service feeds a float32 or float64 tensor of shape [N, features]: export with FloatTensorType([None, F]) or DoubleTensorType([None, F])`,
    );
  }
  return input;
}
