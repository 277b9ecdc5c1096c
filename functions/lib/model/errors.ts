/** The ONNX file cannot be served: wrong input/output shape or a feature the service does not support. */
export class UnsupportedModelError extends Error {
  override name = 'UnsupportedModelError';
}

/** The ONNX file is not a readable ModelProto (truncated, not protobuf). */
export class ModelFormatError extends Error {
  override name = 'ModelFormatError';
}
