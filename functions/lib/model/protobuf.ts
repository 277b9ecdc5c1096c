import { ModelFormatError } from './errors.ts';

/**
 * The protobuf wire format, as much of it as reading and editing an ONNX ModelProto needs. onnxruntime-node does not
 * expose metadata_props or the graph's nodes, and a full protobuf runtime in the image only for this would be heavy.
 */
export type FieldVisitor = (field: number, value: Uint8Array | bigint, start: number, end: number) => void;

/**
 * Walks one message level. Length-delimited values are passed as sub-arrays (not copied); varints as bigints;
 * fixed 32/64-bit values are skipped. `start`/`end` are the whole field's bytes (tag included) in `bytes`.
 */
export function walkFields(bytes: Uint8Array, visit: FieldVisitor): void {
  const reader = { bytes, pos: 0 };
  while (reader.pos < bytes.length) {
    const start = reader.pos;
    const tag = readVarint(reader);
    const field = Number(tag >> 3n);
    const wireType = Number(tag & 7n);
    if (wireType === 0) {
      const value = readVarint(reader);
      visit(field, value, start, reader.pos);
    } else if (wireType === 1) skip(reader, 8);
    else if (wireType === 5) skip(reader, 4);
    else if (wireType === 2) {
      const length = Number(readVarint(reader));
      const valueStart = reader.pos;
      skip(reader, length);
      visit(field, bytes.subarray(valueStart, valueStart + length), start, reader.pos);
    } else throw new ModelFormatError(`unsupported protobuf wire type ${wireType} at byte ${reader.pos}`);
  }
}

/** Packed varints (proto3 `repeated int64` as written by onnx), as bigints. */
export function readPackedVarints(bytes: Uint8Array): bigint[] {
  const reader = { bytes, pos: 0 };
  const values: bigint[] = [];
  while (reader.pos < bytes.length) values.push(readVarint(reader));
  return values;
}

/** One length-delimited field: tag, length, value. */
export function encodeBytesField(field: number, value: Uint8Array): Uint8Array {
  const out = [...encodeVarint((BigInt(field) << 3n) | 2n), ...encodeVarint(BigInt(value.length))];
  const bytes = new Uint8Array(out.length + value.length);
  bytes.set(out);
  bytes.set(value, out.length);
  return bytes;
}

export function encodeVarintField(field: number, value: bigint): Uint8Array {
  return new Uint8Array([...encodeVarint(BigInt(field) << 3n), ...encodeVarint(value)]);
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}

export const textDecoder = new TextDecoder();
export const textEncoder = new TextEncoder();

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

function encodeVarint(value: bigint): number[] {
  const out: number[] = [];
  let rest = BigInt.asUintN(64, value);
  while (rest >= 0x80n) {
    out.push(Number(rest & 0x7fn) | 0x80);
    rest >>= 7n;
  }
  out.push(Number(rest));
  return out;
}

function skip(reader: Reader, length: number): void {
  if (reader.pos + length > reader.bytes.length) throw new ModelFormatError('truncated protobuf field');
  reader.pos += length;
}
