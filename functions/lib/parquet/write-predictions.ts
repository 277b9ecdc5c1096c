import { endianness } from 'node:os';
import { ByteWriter } from 'hyparquet-writer';
import { writePageHeader } from 'hyparquet-writer/src/datapage.js';
import { writeRleBitPackedHybrid } from 'hyparquet-writer/src/encoding.js';
import type { ColumnChunk, Encoding, PageHeader, ParquetType, RowGroup } from 'hyparquet';
import type { EncodedRowGroup } from './write-row-group.ts';

/** What a model gave a row group's scored rows, typed as the output columns are. */
export type PredictionValues =
  | { kind: 'classifier'; classNames: readonly string[]; classIndex: Int32Array; probabilities: Float32Array[] }
  | { kind: 'regressor'; values: Float64Array };

/** Values per data page: pages of at most 1 MiB, as hyparquet-writer's default page size. */
const PAGE_BYTES = 1 << 20;

// PLAIN numbers are little-endian: the typed arrays' own bytes are written as they are (Lambda runs on x86 and ARM,
// both little-endian; this refuses to write a wrong file elsewhere).
if (endianness() !== 'LE') throw new Error('write-predictions.ts writes typed arrays as little-endian bytes');

/**
 * The prediction columns of one row group as column chunks (offsets relative to the first byte), uncompressed:
 * `prediction` and `label` dictionary-encoded over the classes (a dictionary page of the class indexes or names,
 * then the rows' class indexes as RLE/bit-packed data pages), each probability PLAIN; a regressor's value PLAIN.
 * Written directly rather than through hyparquet-writer's generic encoder, which spent more time on these columns
 * (dictionary trials, level arrays, compressing floats) than decoding and scoring the rows took.
 */
export function encodePredictions(predictions: PredictionValues, rows: number): EncodedRowGroup {
  const writer = new ByteWriter(Math.max(1024, rows * 16 + 4096));
  const columns: ColumnChunk[] = [];
  if (predictions.kind === 'regressor') {
    columns.push(plainColumn(writer, 'prediction', 'DOUBLE', predictions.values));
  } else {
    const { classNames, classIndex } = predictions;
    const indexes = Int32Array.from(classNames, (_, k) => k);
    columns.push(dictionaryColumn(writer, 'prediction', 'INT32', bytesOf(indexes), classNames.length, classIndex));
    columns.push(dictionaryColumn(writer, 'label', 'BYTE_ARRAY', plainStrings(classNames), classNames.length, classIndex));
    for (let c = 0; c < classNames.length; c++) {
      columns.push(plainColumn(writer, `probability_${classNames[c]}`, 'FLOAT', predictions.probabilities[c]!));
    }
  }
  const body = writer.getBytes();
  const total_byte_size = BigInt(body.length);
  const rowGroup: RowGroup = { columns, num_rows: BigInt(rows), total_byte_size, total_compressed_size: total_byte_size, file_offset: 0n };
  return { body, rowGroup };
}

function plainColumn(writer: ByteWriter, name: string, type: ParquetType, values: Float32Array | Float64Array | Int32Array): ColumnChunk {
  const start = writer.offset;
  const perPage = Math.max(1, Math.floor(PAGE_BYTES / values.BYTES_PER_ELEMENT));
  for (let from = 0; from < values.length || from === 0; from += perPage) {
    const page = values.subarray(from, Math.min(values.length, from + perPage));
    dataPage(writer, page.length, 'PLAIN', bytesOf(page));
    if (values.length === 0) break;
  }
  return chunk(name, type, ['PLAIN'], values.length, start, writer.offset, start);
}

/** A dictionary page of `count` PLAIN values, then data pages of `indexes` (RLE/bit-packed, a bit-width byte first). */
function dictionaryColumn(
  writer: ByteWriter,
  name: string,
  type: ParquetType,
  dictionary: Uint8Array,
  count: number,
  indexes: Int32Array,
): ColumnChunk {
  const start = writer.offset;
  const header: PageHeader = {
    type: 'DICTIONARY_PAGE',
    uncompressed_page_size: dictionary.length,
    compressed_page_size: dictionary.length,
    dictionary_page_header: { num_values: count, encoding: 'PLAIN' },
  };
  writePageHeader(writer, header as Parameters<typeof writePageHeader>[1]);
  writer.appendBytes(dictionary);
  const dataStart = writer.offset;
  const bitWidth = Math.max(1, Math.ceil(Math.log2(count)));
  const perPage = 8 * PAGE_BYTES;
  for (let from = 0; from < indexes.length || from === 0; from += perPage) {
    const page = new ByteWriter();
    page.appendUint8(bitWidth);
    writeRleBitPackedHybrid(page, indexes.subarray(from, Math.min(indexes.length, from + perPage)), bitWidth);
    dataPage(writer, Math.min(perPage, indexes.length - from), 'RLE_DICTIONARY', page.getBytes());
    if (indexes.length === 0) break;
  }
  return chunk(name, type, ['PLAIN', 'RLE_DICTIONARY'], indexes.length, dataStart, writer.offset, start);
}

function dataPage(writer: ByteWriter, values: number, encoding: Encoding, body: Uint8Array): void {
  const header: PageHeader = {
    type: 'DATA_PAGE',
    uncompressed_page_size: body.length,
    compressed_page_size: body.length,
    data_page_header: { num_values: values, encoding, definition_level_encoding: 'RLE', repetition_level_encoding: 'RLE' },
  };
  writePageHeader(writer, header as Parameters<typeof writePageHeader>[1]);
  writer.appendBytes(body);
}

function chunk(
  name: string,
  type: ParquetType,
  encodings: Encoding[],
  rows: number,
  dataStart: number,
  end: number,
  start: number,
): ColumnChunk {
  const size = BigInt(end - start);
  return {
    file_offset: BigInt(start),
    meta_data: {
      type,
      encodings,
      path_in_schema: [name],
      codec: 'UNCOMPRESSED',
      num_values: BigInt(rows),
      total_uncompressed_size: size,
      total_compressed_size: size,
      data_page_offset: BigInt(dataStart),
      ...(dataStart === start ? {} : { dictionary_page_offset: BigInt(start) }),
    },
  };
}

/** PLAIN BYTE_ARRAY values: each a 4-byte little-endian length, then its UTF-8 bytes. */
function plainStrings(values: readonly string[]): Uint8Array {
  const parts = values.map((v) => Buffer.from(v, 'utf8'));
  const out = Buffer.alloc(parts.reduce((sum, p) => sum + 4 + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.writeUInt32LE(part.length, at);
    part.copy(out, at + 4);
    at += 4 + part.length;
  }
  return out;
}

function bytesOf(values: Float32Array | Float64Array | Int32Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}
