import { UnsupportedModelError } from './errors.ts';
import { graphClassLabels, zipMapProducing } from './graph-classes.ts';
import { dimension, listed, names } from './names.ts';
import type { GraphNode } from './onnx-graph.ts';
import type { ClassifierInfo, RegressorInfo } from './types.ts';
import type { ModelDescription, ValueShape } from './describe-model.ts';

const LABEL_NAMES = ['label', 'output_label'];
const PROBABILITY_NAMES = ['probabilities', 'output_probability'];
const VALUE_NAMES = ['variable', 'value', 'prediction', 'predictions'];
/** The tensor element types the service reads as numbers (inputs and outputs). */
export const FLOATS = ['float32', 'float64'];
const LABEL_TYPES = ['int64', 'string'];
const NEITHER =
  'the service serves a classifier (an int64 or string label [N] and float probabilities [N, classes], or a ZipMap of them) ' +
  'or a regressor (one float [N] or [N, 1] output): export one of these (e.g. skl2onnx or onnxmltools defaults)';

export type ClassifierOutputs = Pick<ClassifierInfo, 'kind' | 'classNames' | 'labelOutput' | 'probabilityOutput' | 'classLabels'>;

/** A label output and a probability tensor (or a ZipMap's input), else undefined (not a classifier). */
export function classifierOutputs(model: ModelDescription): ClassifierOutputs | undefined {
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
      `label output "${label.name}" holds strings but the graph names no class labels (classlabels_strings, or a classes initializer) to index them by`,
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
export function regressorOutput(outputs: readonly ValueShape[]): Pick<RegressorInfo, 'kind' | 'valueOutput'> {
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
