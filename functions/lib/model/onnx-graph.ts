import { concatBytes, encodeBytesField, encodeVarintField, readPackedVarints, textDecoder, textEncoder, walkFields } from './protobuf.ts';

/** A graph node as far as the service reads it: wiring and its integer-list and string-list attributes. */
export interface GraphNode {
  opType: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  /** Attributes holding lists (`ints`, `strings`): e.g. ZipMap's `classlabels_int64s`, `classlabels_strings`. */
  ints: Record<string, bigint[]>;
  strings: Record<string, string[]>;
}

// Field numbers from onnx.proto.
const MODEL_GRAPH = 7;
const GRAPH_NODE = 1;
const GRAPH_INITIALIZER = 5;
const GRAPH_OUTPUT = 12;
const TENSOR = { dataType: 2, int32Data: 5, stringData: 6, int64Data: 7, name: 8, rawData: 9 };
const TENSOR_TYPES = { int32: 6, int64: 7, string: 8 };
const NODE = { input: 1, output: 2, opType: 4, attribute: 5, domain: 7 };
const ATTRIBUTE = { name: 1, ints: 8, strings: 9 };
const VALUE_INFO = { name: 1, type: 2 };
const TYPE_TENSOR = 1;
const TENSOR_ELEM_TYPE = 1;
const FLOAT = 1n;

export interface Graph {
  /** The main graph's nodes, in file order. */
  nodes: GraphNode[];
  /** Names of the graph's outputs. */
  outputs: string[];
  /** Initializers by name, as their TensorProto bytes (views, decoded on demand by readTensorLabels). */
  initializers: Map<string, Uint8Array>;
}

export function readGraph(model: Uint8Array): Graph {
  const nodes: GraphNode[] = [];
  const outputs: string[] = [];
  const initializers = new Map<string, Uint8Array>();
  walkFields(model, (field, graph) => {
    if (field !== MODEL_GRAPH || !(graph instanceof Uint8Array)) return;
    walkFields(graph, (graphField, value) => {
      if (!(value instanceof Uint8Array)) return;
      if (graphField === GRAPH_NODE) nodes.push(readNode(value));
      if (graphField === GRAPH_OUTPUT) outputs.push(nameField(value, VALUE_INFO.name));
      if (graphField === GRAPH_INITIALIZER) initializers.set(nameField(value, TENSOR.name), value);
    });
  });
  return { nodes, outputs, initializers };
}

function nameField(bytes: Uint8Array, nameField: number): string {
  let name = '';
  walkFields(bytes, (field, value) => {
    if (field === nameField && value instanceof Uint8Array) name = textDecoder.decode(value);
  });
  return name;
}

/**
 * The values of an int32, int64 or string TensorProto (a classes initializer), as bigints or strings; undefined for
 * any other element type. Integers may be in `int32_data`/`int64_data` (packed or not) or little-endian `raw_data`.
 */
export function readTensorLabels(tensor: Uint8Array): bigint[] | string[] | undefined {
  let type = 0;
  const ints: bigint[] = [];
  const strings: string[] = [];
  let raw: Uint8Array | undefined;
  walkFields(tensor, (field, value) => {
    if (field === TENSOR.dataType && typeof value === 'bigint') type = Number(value);
    else if (field === TENSOR.int32Data || field === TENSOR.int64Data)
      ints.push(...(value instanceof Uint8Array ? readPackedVarints(value) : [value]));
    else if (field === TENSOR.stringData && value instanceof Uint8Array) strings.push(textDecoder.decode(value));
    else if (field === TENSOR.rawData && value instanceof Uint8Array) raw = value;
  });
  if (type === TENSOR_TYPES.string) return strings;
  if (type !== TENSOR_TYPES.int32 && type !== TENSOR_TYPES.int64) return undefined;
  if (!raw) return ints.map((v) => (type === TENSOR_TYPES.int32 ? BigInt.asIntN(32, v) : BigInt.asIntN(64, v)));
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const size = type === TENSOR_TYPES.int32 ? 4 : 8;
  return Array.from({ length: raw.byteLength / size }, (_, i) =>
    size === 4 ? BigInt(view.getInt32(i * 4, true)) : view.getBigInt64(i * 8, true),
  );
}

function readNode(bytes: Uint8Array): GraphNode {
  const node: GraphNode = { opType: '', domain: '', inputs: [], outputs: [], ints: {}, strings: {} };
  walkFields(bytes, (field, value) => {
    if (!(value instanceof Uint8Array)) return;
    if (field === NODE.input) node.inputs.push(textDecoder.decode(value));
    else if (field === NODE.output) node.outputs.push(textDecoder.decode(value));
    else if (field === NODE.opType) node.opType = textDecoder.decode(value);
    else if (field === NODE.domain) node.domain = textDecoder.decode(value);
    else if (field === NODE.attribute) readListAttribute(value, node);
  });
  return node;
}

/** `ints` may be written packed or one varint per value (onnx.proto is proto2: Python writes them unpacked). */
function readListAttribute(bytes: Uint8Array, node: GraphNode): void {
  let name = '';
  const ints: bigint[] = [];
  const strings: string[] = [];
  walkFields(bytes, (field, value) => {
    if (field === ATTRIBUTE.name && value instanceof Uint8Array) name = textDecoder.decode(value);
    else if (field === ATTRIBUTE.ints) ints.push(...(value instanceof Uint8Array ? readPackedVarints(value) : [value]));
    else if (field === ATTRIBUTE.strings && value instanceof Uint8Array) strings.push(textDecoder.decode(value));
  });
  if (ints.length > 0) node.ints[name] = ints;
  if (strings.length > 0) node.strings[name] = strings;
}

/**
 * The model with `names` (values computed inside the graph, float tensors) added as graph outputs, so a session can
 * fetch them. The graph field is re-encoded with the new outputs appended; every other byte is kept as it was.
 */
export function withFloatTensorOutputs(model: Uint8Array, names: readonly string[]): Uint8Array {
  if (names.length === 0) return model;
  const parts: Uint8Array[] = [];
  walkFields(model, (field, value, start, end) => {
    if (field !== MODEL_GRAPH || !(value instanceof Uint8Array)) {
      parts.push(model.subarray(start, end));
      return;
    }
    const outputs = names.map((name) => encodeBytesField(GRAPH_OUTPUT, floatTensorValueInfo(name)));
    parts.push(encodeBytesField(MODEL_GRAPH, concatBytes([value, ...outputs])));
  });
  return concatBytes(parts);
}

/** ValueInfoProto `{ name, type: { tensor_type: { elem_type: FLOAT } } }`, shape left to the session's inference. */
function floatTensorValueInfo(name: string): Uint8Array {
  const tensorType = encodeVarintField(TENSOR_ELEM_TYPE, FLOAT);
  return concatBytes([
    encodeBytesField(VALUE_INFO.name, textEncoder.encode(name)),
    encodeBytesField(VALUE_INFO.type, encodeBytesField(TYPE_TENSOR, tensorType)),
  ]);
}
