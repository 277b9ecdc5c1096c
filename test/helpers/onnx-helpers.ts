import { readFileSync } from 'node:fs';
import onnxProto from 'onnx-proto';

/** Decodes an ONNX file's ModelProto (tests inspect the graph and metadata_props directly). */
export function decodeModel(bytes: Uint8Array): onnxProto.onnx.ModelProto {
  return onnxProto.onnx.ModelProto.decode(bytes);
}

export function readModel(path: string): onnxProto.onnx.ModelProto {
  return decodeModel(readFileSync(path));
}

export function metadataOf(model: onnxProto.onnx.ModelProto): Record<string, string> {
  return Object.fromEntries(model.metadataProps.map((p) => [p.key, p.value]));
}

/** Decoded graphs are full GraphProto instances (repeated fields default to []), though typed as the interface. */
export function graphOf(model: onnxProto.onnx.ModelProto): onnxProto.onnx.GraphProto {
  if (!model.graph) throw new Error('model has no graph');
  return model.graph as onnxProto.onnx.GraphProto;
}
