/**
 * Just enough of Thrift's compact protocol to read a Parquet page header: a struct as a map of field id → value
 * (integers as numbers, nested structs as maps; lists, binaries and doubles skipped over). The fast number decoder
 * (decode-numbers.ts) reads page headers with it; hyparquet's own reader is not part of its public API.
 */
export type ThriftStruct = Map<number, number | boolean | ThriftStruct | undefined>;

export interface ByteCursor {
  bytes: Uint8Array;
  at: number;
}

const STOP = 0;
const TRUE = 1;
const FALSE = 2;
const BYTE = 3;
const I16 = 4;
const I32 = 5;
const I64 = 6;
const DOUBLE = 7;
const BINARY = 8;
const LIST = 9;
const SET = 10;
const MAP = 11;
const STRUCT = 12;

export function readStruct(cursor: ByteCursor): ThriftStruct {
  const fields: ThriftStruct = new Map();
  let id = 0;
  for (;;) {
    const header = readByte(cursor);
    const type = header & 0x0f;
    if (type === STOP) return fields;
    const delta = header >> 4;
    id = delta === 0 ? zigzag(readVarint(cursor)) : id + delta;
    fields.set(id, readValue(cursor, type));
  }
}

function readValue(cursor: ByteCursor, type: number): number | boolean | ThriftStruct | undefined {
  switch (type) {
    case TRUE:
      return true;
    case FALSE:
      return false;
    case BYTE:
      return readByte(cursor);
    case I16:
    case I32:
    case I64:
      return zigzag(readVarint(cursor));
    case DOUBLE:
      cursor.at += 8;
      return undefined;
    case BINARY: {
      // The length first: `cursor.at += readVarint(cursor)` would add it to the position before the varint.
      const length = readVarint(cursor);
      cursor.at += length;
      return undefined;
    }
    case LIST:
    case SET:
      skipList(cursor);
      return undefined;
    case MAP:
      skipMap(cursor);
      return undefined;
    case STRUCT:
      return readStruct(cursor);
    default:
      throw new Error(`thrift: unknown compact type ${type}`);
  }
}

function skipList(cursor: ByteCursor): void {
  const header = readByte(cursor);
  const size = header >> 4 === 15 ? readVarint(cursor) : header >> 4;
  const type = header & 0x0f;
  for (let i = 0; i < size; i++) {
    if (type === TRUE || type === FALSE) cursor.at += 1;
    else readValue(cursor, type);
  }
}

function skipMap(cursor: ByteCursor): void {
  const size = readVarint(cursor);
  if (size === 0) return;
  const types = readByte(cursor);
  for (let i = 0; i < size; i++) {
    readValue(cursor, types >> 4);
    readValue(cursor, types & 0x0f);
  }
}

function readByte(cursor: ByteCursor): number {
  if (cursor.at >= cursor.bytes.length) throw new Error('thrift: read past the end');
  return cursor.bytes[cursor.at++]!;
}

/** An unsigned varint as a number (exact to 2^53: Parquet's sizes and counts; larger statistics are skipped values). */
export function readVarint(cursor: ByteCursor): number {
  let value = 0;
  let scale = 1;
  for (;;) {
    const byte = readByte(cursor);
    value += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) return value;
    scale *= 128;
  }
}

function zigzag(n: number): number {
  return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
}
