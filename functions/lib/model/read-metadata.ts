import { ModelFormatError } from './errors.ts';

/**
 * Reads `metadata_props` (ModelProto field 14, entries `{key = 1, value = 2}`) straight from the ONNX protobuf bytes.
 * onnxruntime-node does not expose custom metadata, and a full protobuf runtime in the image only for this would be
 * heavy; a top-level field walk is enough because metadata entries are plain length-delimited strings.
 */
export function readMetadataProps(bytes: Uint8Array): Record<string, string> {
  const props: Record<string, string> = {};
  walkFields(bytes, (field, value) => {
    if (field !== 14 || !(value instanceof Uint8Array)) return;
    let key = '';
    let text = '';
    walkFields(value, (entryField, entryValue) => {
      if (!(entryValue instanceof Uint8Array)) return;
      if (entryField === 1) key = decoder.decode(entryValue);
      if (entryField === 2) text = decoder.decode(entryValue);
    });
    if (key) props[key] = text;
  });
  return props;
}

const decoder = new TextDecoder();

type FieldVisitor = (field: number, value: Uint8Array | bigint) => void;

/** Walks one protobuf message level; length-delimited values are passed as sub-arrays (not copied). */
function walkFields(bytes: Uint8Array, visit: FieldVisitor): void {
  const reader = { bytes, pos: 0 };
  while (reader.pos < bytes.length) {
    const tag = readVarint(reader);
    const field = Number(tag >> 3n);
    const wireType = Number(tag & 7n);
    if (wireType === 0) visit(field, readVarint(reader));
    else if (wireType === 1) skip(reader, 8);
    else if (wireType === 5) skip(reader, 4);
    else if (wireType === 2) {
      const length = Number(readVarint(reader));
      const start = reader.pos;
      skip(reader, length);
      visit(field, bytes.subarray(start, start + length));
    } else throw new ModelFormatError(`unsupported protobuf wire type ${wireType} at byte ${reader.pos}`);
  }
}

interface Reader {
  bytes: Uint8Array;
  pos: number;
}

function readVarint(reader: Reader): bigint {
  let result = 0n;
  for (let shift = 0n; shift < 70n; shift += 7n) {
    if (reader.pos >= reader.bytes.length) throw new ModelFormatError('truncated protobuf varint');
    const byte = reader.bytes[reader.pos++]!;
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return result;
  }
  throw new ModelFormatError('protobuf varint too long');
}

function skip(reader: Reader, length: number): void {
  if (reader.pos + length > reader.bytes.length) throw new ModelFormatError('truncated protobuf field');
  reader.pos += length;
}
