import onnxProto from 'onnx-proto';
import { OnnxExportError } from './errors.ts';
import type { ClassifierOnnxSpec, OutputNames } from './types.ts';

const { onnx } = onnxProto;
type Node = onnxProto.onnx.INodeProto;
type ValueInfo = onnxProto.onnx.IValueInfoProto;

const FLOAT = 1; // TensorProto.DataType.FLOAT
const INT64 = 7; // TensorProto.DataType.INT64
const ATTR_INT = 2; // AttributeProto.AttributeType.INT
const ATTR_INTS = 7; // AttributeProto.AttributeType.INTS
const ML_DOMAIN = 'ai.onnx.ml';

/** IR 8 + opset 13: old enough for any onnxruntime >= 1.10, new enough for Softmax over one axis only. */
export const IR_VERSION = 8;
export const OPSET = 13;
export const DEFAULT_OUTPUT_NAMES: OutputNames = { label: 'label', probabilities: 'probabilities' };

/**
 * Serialises a linear softmax classifier as ONNX:
 *   input [N,F] float → MatMul(W) → Add(b) → logits
 *   logits → Softmax(axis=1) → probabilities [N,C] float   (or ZipMap → sequence(map(int64,float)))
 *   logits → ArgMax(axis=1, keepdims=0) → label [N] int64
 * Names and version travel in metadata_props so the serving code never hard-codes them.
 * No timestamps or random ids: the same spec always gives the same bytes.
 */
export function buildClassifierOnnx(spec: ClassifierOnnxSpec): Uint8Array {
  assertShapes(spec);
  const outputs = { ...DEFAULT_OUTPUT_NAMES, ...spec.outputNames };
  const model = onnx.ModelProto.create({
    irVersion: IR_VERSION,
    producerName: spec.producerName ?? 'iris-batch-prediction',
    producerVersion: spec.producerVersion ?? spec.version,
    domain: 'ai.onnx',
    modelVersion: majorVersion(spec.version),
    docString: `${spec.name} ${spec.version}: multinomial logistic regression`,
    opsetImport: spec.zipmap
      ? [
          { domain: '', version: OPSET },
          { domain: ML_DOMAIN, version: 1 },
        ]
      : [{ domain: '', version: OPSET }],
    graph: buildGraph(spec, outputs),
    metadataProps: spec.metadata === false ? [] : metadataProps(spec),
  });
  return onnx.ModelProto.encode(model).finish();
}

function buildGraph(spec: ClassifierOnnxSpec, outputs: OutputNames): onnxProto.onnx.IGraphProto {
  const inputName = spec.inputName ?? 'input';
  const features = spec.featureNames.length;
  const classes = spec.classNames.length;
  const softmaxOut = spec.zipmap ? 'probability_tensor' : outputs.probabilities;
  const nodes: Node[] = [
    { name: 'MatMul', opType: 'MatMul', input: [inputName, 'coefficients'], output: ['linear'] },
    { name: 'Add', opType: 'Add', input: ['linear', 'intercepts'], output: ['logits'] },
    { name: 'Softmax', opType: 'Softmax', input: ['logits'], output: [softmaxOut], attribute: [intAttr('axis', 1)] },
    {
      name: 'ArgMax',
      opType: 'ArgMax',
      input: ['logits'],
      output: [outputs.label],
      attribute: [intAttr('axis', 1), intAttr('keepdims', 0)],
    },
  ];
  if (spec.zipmap) nodes.push(zipMapNode(softmaxOut, outputs.probabilities, classes));
  return {
    name: spec.name,
    node: nodes,
    initializer: [floatTensor('coefficients', [features, classes], spec.weights.flat()), floatTensor('intercepts', [classes], spec.bias)],
    input: [tensorInfo(inputName, FLOAT, ['N', features])],
    // label first, as skl2onnx orders them; consumers should look outputs up by name.
    output: [
      tensorInfo(outputs.label, INT64, ['N']),
      spec.zipmap ? zipMapInfo(outputs.probabilities) : tensorInfo(outputs.probabilities, FLOAT, ['N', classes]),
    ],
  };
}

/** ai.onnx.ml ZipMap with int64 class labels 0..C-1, as skl2onnx emits by default (zipmap=True). */
function zipMapNode(input: string, output: string, classes: number): Node {
  const labels = Array.from({ length: classes }, (_, i) => i);
  return {
    name: 'ZipMap',
    opType: 'ZipMap',
    domain: ML_DOMAIN,
    input: [input],
    output: [output],
    attribute: [{ name: 'classlabels_int64s', type: ATTR_INTS, ints: labels }],
  };
}

function zipMapInfo(name: string): ValueInfo {
  const value = { tensorType: { elemType: FLOAT } };
  return { name, type: { sequenceType: { elemType: { mapType: { keyType: INT64, valueType: value } } } } };
}

function tensorInfo(name: string, elemType: number, dims: (string | number)[]): ValueInfo {
  const dim = dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d }));
  return { name, type: { tensorType: { elemType, shape: { dim } } } };
}

function floatTensor(name: string, dims: number[], values: number[]): onnxProto.onnx.ITensorProto {
  // Round through Float32Array so the stored floats are exactly what float32 inference will use.
  return { name, dims, dataType: FLOAT, floatData: Array.from(Float32Array.from(values)) };
}

function intAttr(name: string, i: number): onnxProto.onnx.IAttributeProto {
  return { name, type: ATTR_INT, i };
}

function metadataProps(spec: ClassifierOnnxSpec): onnxProto.onnx.IStringStringEntryProto[] {
  return [
    { key: 'model_name', value: spec.name },
    { key: 'model_version', value: spec.version },
    { key: 'feature_names', value: spec.featureNames.join(',') },
    { key: 'class_names', value: spec.classNames.join(',') },
    ...(spec.featureRanges ? [{ key: 'feature_ranges', value: spec.featureRanges.map((r) => `${r.min}:${r.max}`).join(',') }] : []),
  ];
}

/** ModelProto.model_version is an int64; carry the semver major there, the full string in metadata. */
function majorVersion(version: string): number {
  const major = Number.parseInt(version, 10);
  return Number.isFinite(major) ? major : 0;
}

function assertShapes(spec: ClassifierOnnxSpec): void {
  const f = spec.featureNames.length;
  const c = spec.classNames.length;
  if (f === 0 || c < 2) throw new OnnxExportError(`need >= 1 feature and >= 2 classes, got ${f} and ${c}`);
  if (spec.weights.length !== f || spec.weights.some((row) => row.length !== c)) {
    throw new OnnxExportError(`weights must be [${f}][${c}] (features × classes)`);
  }
  if (spec.bias.length !== c) throw new OnnxExportError(`bias must have ${c} entries, got ${spec.bias.length}`);
  const names = [...spec.featureNames, ...spec.classNames];
  if (names.some((n) => n.length === 0 || n.includes(','))) {
    throw new OnnxExportError('feature and class names must be non-empty and contain no comma (metadata is comma-separated)');
  }
  if ([...spec.weights.flat(), ...spec.bias].some((v) => !Number.isFinite(v))) {
    throw new OnnxExportError('weights and bias must be finite');
  }
}
