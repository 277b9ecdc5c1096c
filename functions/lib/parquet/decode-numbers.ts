import { snappyUncompress } from 'hyparquet';
import type { ColumnMetaData, SchemaElement } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { readStruct, readVarint } from './compact-thrift.ts';
import type { ByteCursor, ThriftStruct } from './compact-thrift.ts';

/**
 * A number column's values in a row group: `values[r]` as a double; `missing[r]` 1 where the value is null, 2 where
 * it is not a number (hyparquet's value in `other`).
 */
export interface NumberColumn {
  values: Float64Array;
  missing: Uint8Array;
  other?: Map<number, unknown>;
}

/** Page types and encodings by their Thrift enum values (parquet.thrift). */
const DATA_PAGE = 0;
const DICTIONARY_PAGE = 2;
const DATA_PAGE_V2 = 3;
const PLAIN = 0;
const PLAIN_DICTIONARY = 2;
const RLE = 3;
const RLE_DICTIONARY = 8;
const WIDTHS: Record<string, number> = { DOUBLE: 8, FLOAT: 4, INT32: 4, INT64: 8 };

/**
 * Decodes a flat number column chunk (DOUBLE, FLOAT, INT32 or INT64 without a logical type, REQUIRED or OPTIONAL)
 * straight into a Float64Array: data pages v1 and v2, PLAIN or dictionary-encoded, any codec hyparquet-compressors
 * reads. Feature columns are decoded this way because hyparquet assembles an OPTIONAL column's values one by one
 * through its nested-list logic, which alone cost more than the whole CSV path per row (pandas writes every column
 * OPTIONAL). Returns undefined for anything else (another encoding, a logical type): hyparquet decodes it then.
 * `bytes` holds the column chunk at `start` (its file offset minus `base`).
 */
export function decodeNumberColumn(
  bytes: Uint8Array,
  base: number,
  meta: ColumnMetaData,
  element: SchemaElement,
  rows: number,
): NumberColumn | undefined {
  const width = WIDTHS[meta.type];
  if (!width || element.logical_type || element.converted_type || element.repetition_type === 'REPEATED') return undefined;
  if (meta.codec !== 'UNCOMPRESSED' && meta.codec !== 'SNAPPY' && !compressors[meta.codec]) return undefined;
  const optional = element.repetition_type === 'OPTIONAL';
  const start = Number(meta.dictionary_page_offset || meta.data_page_offset) - base;
  const end = start + Number(meta.total_compressed_size);
  const column: NumberColumn = { values: new Float64Array(rows), missing: new Uint8Array(rows) };
  const cursor: ByteCursor = { bytes, at: start };
  let dictionary: Float64Array | undefined;
  let row = 0;
  while (row < rows && cursor.at < end) {
    const header = readStruct(cursor);
    const body = bytes.subarray(cursor.at, cursor.at + int(header, 3));
    cursor.at += body.length;
    const type = int(header, 1);
    const uncompressedSize = int(header, 2);
    if (type === DICTIONARY_PAGE) {
      const page = struct(header, 7);
      if (int(page, 2) !== PLAIN && int(page, 2) !== PLAIN_DICTIONARY) return undefined;
      dictionary = plainValues(decompress(body, meta.codec, uncompressedSize), meta.type, int(page, 1));
    } else if (type === DATA_PAGE) {
      const page = struct(header, 5);
      if (optional && int(page, 3) !== RLE) return undefined;
      const data = decompress(body, meta.codec, uncompressedSize);
      const count = int(page, 1);
      let at = 0;
      let levels: Uint8Array | undefined;
      if (optional) {
        const length = new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(0, true);
        levels = readLevels(data.subarray(4, 4 + length), count);
        at = 4 + length;
      }
      const placed = placeValues(column, row, count, levels, int(page, 2), data.subarray(at), meta.type, dictionary);
      if (!placed) return undefined;
      row += count;
    } else if (type === DATA_PAGE_V2) {
      const page = struct(header, 8);
      const count = int(page, 1);
      const levelsBytes = int(page, 5) + int(page, 6);
      const levels = optional ? readLevels(body.subarray(int(page, 6), levelsBytes), count) : undefined;
      const compressed = page.get(7) !== false;
      const values = body.subarray(levelsBytes);
      const data = compressed ? decompress(values, meta.codec, uncompressedSize - levelsBytes) : values;
      if (!placeValues(column, row, count, levels, int(page, 4), data, meta.type, dictionary)) return undefined;
      row += count;
    }
    // Index pages and unknown page types carry no values: skipped.
  }
  if (row !== rows) throw new Error(`column ${meta.path_in_schema.join('.')}: decoded ${row} values of ${rows}`);
  return column;
}

/** Places a data page's `count` values at `row`: nulls where the definition level is 0. False: an encoding not handled. */
function placeValues(
  column: NumberColumn,
  row: number,
  count: number,
  levels: Uint8Array | undefined,
  encoding: number,
  data: Uint8Array,
  type: string,
  dictionary: Float64Array | undefined,
): boolean {
  let present = count;
  if (levels) {
    present = 0;
    for (let i = 0; i < count; i++) present += levels[i]!;
  }
  let values: Float64Array;
  if (encoding === PLAIN) values = plainValues(data, type, present);
  else if ((encoding === RLE_DICTIONARY || encoding === PLAIN_DICTIONARY) && dictionary) {
    const indexes = readHybrid(data.subarray(1), data[0] ?? 0, present);
    values = new Float64Array(present);
    for (let i = 0; i < present; i++) {
      const value = dictionary[indexes[i]!];
      if (value === undefined) throw new Error(`dictionary index ${indexes[i]} outside the dictionary`);
      values[i] = value;
    }
  } else return false;
  if (!levels) {
    column.values.set(values, row);
    return true;
  }
  for (let i = 0, v = 0; i < count; i++) {
    if (levels[i]) column.values[row + i] = values[v++]!;
    else column.missing[row + i] = 1;
  }
  return true;
}

function plainValues(data: Uint8Array, type: string, count: number): Float64Array {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (count * WIDTHS[type]! > data.byteLength) throw new Error(`page holds ${data.byteLength} bytes for ${count} ${type} values`);
  const out = new Float64Array(count);
  if (type === 'DOUBLE') for (let i = 0; i < count; i++) out[i] = view.getFloat64(8 * i, true);
  else if (type === 'FLOAT') for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, true);
  else if (type === 'INT32') for (let i = 0; i < count; i++) out[i] = view.getInt32(4 * i, true);
  else for (let i = 0; i < count; i++) out[i] = Number(view.getBigInt64(8 * i, true));
  return out;
}

/** Definition levels of a flat OPTIONAL column (bit width 1): 1 present, 0 null. */
function readLevels(data: Uint8Array, count: number): Uint8Array {
  const levels = readHybrid(data, 1, count);
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) out[i] = levels[i]!;
  return out;
}

/** Parquet's RLE / bit-packed hybrid encoding: `count` values of `bitWidth` bits. */
export function readHybrid(data: Uint8Array, bitWidth: number, count: number): Int32Array {
  const out = new Int32Array(count);
  const cursor: ByteCursor = { bytes: data, at: 0 };
  const valueBytes = (bitWidth + 7) >> 3;
  let n = 0;
  while (n < count) {
    const header = readVarint(cursor);
    if ((header & 1) === 0) {
      let value = 0;
      for (let b = 0; b < valueBytes; b++) value |= data[cursor.at + b]! << (8 * b);
      cursor.at += valueBytes;
      const end = Math.min(count, n + header / 2);
      out.fill(value, n, end);
      n = end;
    } else {
      // Bit-packed groups of 8 values, least significant bit first: bytes shifted into a bit buffer as needed.
      const values = (header >>> 1) * 8;
      const mask = (1 << bitWidth) - 1;
      let pos = cursor.at;
      let buffer = 0;
      let bits = 0;
      if (bitWidth > 24) throw new Error(`bit width ${bitWidth}: more than 2^24 dictionary entries or levels`);
      for (let i = 0; i < values && n < count; i++, n++) {
        while (bits < bitWidth) {
          buffer |= (data[pos++] ?? 0) << bits;
          bits += 8;
        }
        out[n] = buffer & mask;
        buffer >>>= bitWidth;
        bits -= bitWidth;
      }
      cursor.at += (header >>> 1) * bitWidth;
    }
  }
  return out;
}

/** hyparquet-compressors' decoders (its SNAPPY is hysnappy's WebAssembly, faster than hyparquet's JavaScript one). */
function decompress(body: Uint8Array, codec: string, size: number): Uint8Array {
  if (codec === 'UNCOMPRESSED') return body;
  const decoder = compressors[codec as keyof typeof compressors];
  if (decoder) return decoder(body, size);
  const out = new Uint8Array(size);
  snappyUncompress(body, out);
  return out;
}

function int(fields: ThriftStruct, id: number): number {
  const value = fields.get(id);
  return typeof value === 'number' ? value : 0;
}

function struct(fields: ThriftStruct, id: number): ThriftStruct {
  const value = fields.get(id);
  if (!(value instanceof Map)) throw new Error(`page header has no field ${id}`);
  return value;
}
