import { basename, extname } from 'node:path';
import { UnsupportedModelError } from './errors.ts';
import { graphClassLabels, zipMapProducing } from './graph-classes.ts';
import type { GraphNode } from './onnx-graph.ts';
import type { ClassifierInfo, ModelInfo, ModelOptions, RegressorInfo } from './types.ts';

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

const LABEL_NAMES = ['label', 'output_label'];
const PROBABILITY_NAMES = ['probabilities', 'output_probability'];
const VALUE_NAMES = ['variable', 'value', 'prediction', 'predictions'];
const FLOATS = ['float32', 'float64'];
const LABEL_TYPES = ['int64', 'string'];
const NEITHER =
  'the service serves a classifier (an int64 or string label [N] and float probabilities [N, classes], or a ZipMap of them) ' +
  'or a regressor (one float [N] or [N, 1] output): export one of these (e.g. skl2onnx or onnxmltools defaults)';

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

type ClassifierOutputs = Pick<ClassifierInfo, 'kind' | 'classNames' | 'labelOutput' | 'probabilityOutput' | 'classLabels'>;

/** A label output and a probability tensor (or a ZipMap's input), else undefined (not a classifier). */
function classifierOutputs(model: ModelDescription): ClassifierOutputs | undefined {
  const nodes = model.nodes ?? [];
  const tensors = model.outputs.filter((o) => o.isTensor);
  const label = preferred(
    tensors.filter((o) => LABEL_TYPES.includes(o.type ?? '') && (o.shape?.length ?? 1) <= 1),
    LABEL_NAMES,
  );
  const zipMaps = model.outputs.filter((o) => !o.isTensor).map((o) => zipMapOf(nodes, o));
  if (!label) {
    if (zipMaps.length > 0)
      throw new UnsupportedModelError(`the model has a ZipMap output but no int64 or string label output; ${NEITHER}`);
    return undefined;
  }
  const zipMap = zipMaps[0];
  const probability = zipMap
    ? zipMapFeed(model.outputs, zipMap)
    : preferred(
        tensors.filter((o) => FLOATS.includes(o.type ?? '') && o.shape?.length === 2),
        PROBABILITY_NAMES,
      );
  if (!probability) {
    throw new UnsupportedModelError(
      `the model has a label output "${label.name}" but no float [N, classes] probabilities; the service writes a probability per class: ` +
        'export the classifier with its probabilities (e.g. SVC(probability=True))',
    );
  }
  const classLabels = graphClassLabels(nodes, model.initializers ?? new Map(), zipMap, label.type ?? '');
  const width = dimension(probability.shape, 1) ?? classLabels?.length;
  if (classLabels && width !== undefined && classLabels.length !== width) {
    throw new UnsupportedModelError(`the graph names ${classLabels.length} class labels but the probabilities have ${width} columns`);
  }
  if (label.type === 'string' && !classLabels) {
    throw new UnsupportedModelError(
      `label output "${label.name}" holds strings but the graph names no classlabels_strings to index them by`,
    );
  }
  const fallback = listed(model.metadata.class_names) ?? classLabels?.map(String);
  return {
    kind: 'classifier',
    classNames: names(fallback, width, '', 'class'),
    labelOutput: label.name,
    probabilityOutput: probability.name,
    ...(classLabels ? { classLabels } : {}),
  };
}

function zipMapOf(nodes: readonly GraphNode[], output: ValueShape): GraphNode {
  const zipMap = zipMapProducing(nodes, output.name);
  if (!zipMap) {
    throw new UnsupportedModelError(
      `output "${output.name}" is not a tensor (a sequence or a map) and no ZipMap writes it; onnxruntime-node returns tensors only: ` +
        'export the model with tensor outputs (skl2onnx: options={id(model): {"zipmap": False}})',
    );
  }
  return zipMap;
}

/** The tensor a ZipMap reads: a graph output once the loader exposed it (its shape, if the session knows it). */
function zipMapFeed(outputs: readonly ValueShape[], zipMap: GraphNode): ValueShape {
  const name = zipMap.inputs[0] ?? '';
  return outputs.find((o) => o.name === name) ?? { name, isTensor: true, type: 'float32' };
}

/** One float output of one value per row. */
function regressorOutput(outputs: readonly ValueShape[]): Pick<RegressorInfo, 'kind' | 'valueOutput'> {
  const floats = outputs.filter((o) => o.isTensor && FLOATS.includes(o.type ?? ''));
  const value = floats.length === 1 ? floats[0] : preferred(floats, VALUE_NAMES, true);
  const listedOutputs = outputs.map((o) => `"${o.name}" ${o.isTensor ? `${o.type} [${o.shape?.join(', ') ?? '?'}]` : '(not a tensor)'}`);
  if (!value) throw new UnsupportedModelError(`outputs ${listedOutputs.join(', ')}: ${NEITHER}`);
  const shape = value.shape ?? [];
  const perRow = shape.length === 2 ? shape[1] : 1;
  if (shape.length > 2 || (typeof perRow === 'number' && perRow !== 1)) {
    throw new UnsupportedModelError(
      `output "${value.name}" has shape [${shape.join(', ')}]: ${perRow} values per row (a multi-output regressor?); ` +
        'the service writes one prediction per row: export a single-target regressor',
    );
  }
  return { kind: 'regressor', valueOutput: value.name };
}

/** The candidate named like the converters name it, else the only candidate (or, with `namedOnly`, none). */
function preferred(candidates: readonly ValueShape[], wanted: readonly string[], namedOnly = false): ValueShape | undefined {
  return candidates.find((o) => wanted.includes(o.name)) ?? (namedOnly || candidates.length !== 1 ? undefined : candidates[0]);
}

function dimension(shape: ReadonlyArray<number | string> | undefined, axis: number): number | undefined {
  const value = shape?.[axis];
  return typeof value === 'number' && value > 0 ? value : undefined;
}

function listed(text: string | undefined): string[] | undefined {
  return text ? text.split(',').map((n) => n.trim()) : undefined;
}

/** Names checked against the tensor width when both are known, else generated from the width. */
function names(given: readonly string[] | undefined, width: number | undefined, prefix: string, what: string): string[] {
  if (given && width !== undefined && given.length !== width) {
    throw new UnsupportedModelError(`got ${given.length} ${what} names but the tensor has ${width} columns`);
  }
  if (given) return [...given];
  if (width === undefined) {
    throw new UnsupportedModelError(`the ${what} count is neither a fixed tensor dimension nor in metadata_props (${what}_names)`);
  }
  return Array.from({ length: width }, (_, i) => `${prefix}${i}`);
}
