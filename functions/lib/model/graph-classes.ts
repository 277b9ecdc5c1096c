import { readTensorLabels, type Graph, type GraphNode } from './onnx-graph.ts';

/**
 * ZipMap (ai.onnx.ml) turns a float [N, C] probability tensor into a sequence of {class label → probability} maps,
 * which onnxruntime-node cannot return ("Non tensor type is temporarily not supported"). skl2onnx adds one by default
 * and onnxmltools for LightGBM: the service reads the tensor the maps are built from instead.
 */
export function zipMapProducing(nodes: readonly GraphNode[], output: string): GraphNode | undefined {
  return nodes.find((node) => node.opType === 'ZipMap' && node.outputs[0] === output);
}

/** Inputs of the ZipMaps that write graph outputs, not yet graph outputs themselves: the loader exposes them. */
export function zipMapFeeds(graph: Graph): string[] {
  return graph.nodes
    .filter((node) => node.opType === 'ZipMap' && graph.outputs.includes(node.outputs[0] ?? ''))
    .map((node) => node.inputs[0] ?? '')
    .filter((name) => name !== '' && !graph.outputs.includes(name));
}

/** Class label attributes by op: ZipMap and TreeEnsembleClassifier say int64s, LinearClassifier and SVMClassifier ints. */
const INT_LABELS = ['classlabels_int64s', 'classlabels_ints'];
const STRING_LABELS = ['classlabels_strings'];

/**
 * The class labels the graph names, in class index order: the ZipMap's when there is one (its keys are the labels
 * the label output holds), else the first classifier node's (`LinearClassifier`, `TreeEnsembleClassifier`, …), else
 * the classes initializer an ArrayFeatureExtractor picks the label from (skl2onnx's double-precision classifiers).
 * `type` is the label output's element type: only labels of that type can be matched against it.
 */
export function graphClassLabels(
  nodes: readonly GraphNode[],
  initializers: ReadonlyMap<string, Uint8Array>,
  zipMap: GraphNode | undefined,
  type: string,
): (string | bigint)[] | undefined {
  const lists = type === 'string' ? STRING_LABELS : INT_LABELS;
  for (const node of zipMap ? [zipMap] : nodes) {
    const labels = lists.map((name) => (type === 'string' ? node.strings[name] : node.ints[name])).find((list) => list !== undefined);
    if (labels) return labels;
  }
  if (zipMap) return undefined;
  for (const node of nodes) {
    const classes = node.opType === 'ArrayFeatureExtractor' ? initializers.get(node.inputs[0] ?? '') : undefined;
    const labels = classes ? readTensorLabels(classes) : undefined;
    if (labels && labels.length > 0 && (typeof labels[0] === 'string') === (type === 'string')) return labels;
  }
  return undefined;
}
