import { textDecoder, walkFields } from './protobuf.ts';

/**
 * Reads `metadata_props` (ModelProto field 14, entries `{key = 1, value = 2}`) straight from the ONNX protobuf bytes:
 * onnxruntime-node does not expose custom metadata. A top-level field walk is enough because metadata entries are
 * plain length-delimited strings.
 */
export function readMetadataProps(bytes: Uint8Array): Record<string, string> {
  const props: Record<string, string> = {};
  walkFields(bytes, (field, value) => {
    if (field !== 14 || !(value instanceof Uint8Array)) return;
    let key = '';
    let text = '';
    walkFields(value, (entryField, entryValue) => {
      if (!(entryValue instanceof Uint8Array)) return;
      if (entryField === 1) key = textDecoder.decode(entryValue);
      if (entryField === 2) text = textDecoder.decode(entryValue);
    });
    if (key) props[key] = text;
  });
  return props;
}
