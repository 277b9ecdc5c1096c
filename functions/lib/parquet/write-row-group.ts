import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import type { ColumnChunk, DecodedArray, RowGroup, SchemaElement } from 'hyparquet';
import { MAGIC } from './footer.ts';
import type { LoadedRowGroup } from './read-row-group.ts';

/**
 * hyparquet-writer depends on its own copy of hyparquet, whose metadata types differ from ours only in values we never
 * write (newer encodings and logical types): the same shapes, cast at this one door.
 */
type WriterOptions = ConstructorParameters<typeof ParquetWriter>[0];
type WriterSchema = WriterOptions['schema'];
type WriterRowGroups = ParquetWriter['row_groups'];

/** Written into the scored file's footer as its creator. */
export const CREATED_BY = 'iris-batch-scoring (hyparquet-writer)';

/** One encoded row group: its column chunks' bytes, and its metadata with offsets relative to those bytes. */
export interface EncodedRowGroup {
  body: Uint8Array;
  rowGroup: RowGroup;
}

/**
 * Encodes one row group of `rows` rows (`columns[i]`: the values of `schema`'s leaf i, in order) as a Parquet file
 * body with hyparquet-writer: column chunks only, no leading magic, no footer, SNAPPY compressed. No statistics or
 * page indexes (the chunk's metadata travels as JSON to Finalize, and page indexes live past the row groups), so the
 * bytes are exactly the column chunks.
 */
export function encodeRowGroup(schema: SchemaElement[], columns: readonly DecodedArray[], rows: number): EncodedRowGroup {
  // Sized for the usual output at once (8 bytes a value), so the buffer is not grown and copied page after page.
  const writer = new ByteWriter(Math.max(1024, rows * 8 * columns.length));
  const parquet = new ParquetWriter({ writer, schema: schema as unknown as WriterSchema, statistics: false, createdBy: CREATED_BY });
  const columnData = schema.slice(1).map((element, i) => ({ name: element.name, data: columns[i]!, offsetIndex: false }));
  parquet.write({ columnData, rowGroupSize: Math.max(rows, 1) });
  const [rowGroup] = parquet.row_groups as unknown as RowGroup[];
  if (!rowGroup || parquet.row_groups.length !== 1) throw new Error(`encoded ${parquet.row_groups.length} row groups, expected 1`);
  // The writer started its file with the magic: offsets count it.
  return { body: writer.getBytes().subarray(MAGIC.length), rowGroup: shiftRowGroup(rowGroup, -BigInt(MAGIC.length)) };
}

/**
 * A row group's input column chunks as they are (each chunk's bytes, in schema order, back to back), with their
 * metadata moved to where they land: an unchanged row group is copied, never decoded and encoded again. What points
 * outside the chunks (page indexes, bloom filters) and statistics (which would have to travel as JSON) are left out.
 */
export function copyColumnChunks(group: LoadedRowGroup, rowGroup: RowGroup): { body: Uint8Array; columns: ColumnChunk[] } {
  const parts: Uint8Array[] = [];
  const columns: ColumnChunk[] = [];
  let at = 0;
  for (const column of rowGroup.columns) {
    const meta = column.meta_data!;
    const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
    const bytes = Number(meta.total_compressed_size);
    parts.push(group.bytes.subarray(start - group.span.start, start - group.span.start + bytes));
    const delta = BigInt(at - start);
    const { index_page_offset, bloom_filter_offset, bloom_filter_length, statistics, size_statistics, geospatial_statistics, ...kept } =
      meta;
    const moved = { ...kept, data_page_offset: meta.data_page_offset + delta };
    moved.dictionary_page_offset = meta.dictionary_page_offset ? meta.dictionary_page_offset + delta : undefined;
    columns.push({ file_offset: BigInt(at), meta_data: moved });
    at += bytes;
  }
  const body = new Uint8Array(at);
  let offset = 0;
  for (const part of parts) {
    body.set(part, offset);
    offset += part.length;
  }
  return { body, columns };
}

/** The input columns' chunks (copied or encoded again) followed by the prediction columns': one row group of `rows` rows. */
export function joinRowGroup(input: { body: Uint8Array; columns: ColumnChunk[] }, added: EncodedRowGroup, rows: number): EncodedRowGroup {
  const body = new Uint8Array(input.body.length + added.body.length);
  body.set(input.body, 0);
  body.set(added.body, input.body.length);
  const moved = shiftRowGroup(added.rowGroup, BigInt(input.body.length));
  const columns = [...input.columns, ...moved.columns];
  const total_byte_size = columns.reduce((sum, c) => sum + (c.meta_data?.total_uncompressed_size ?? 0n), 0n);
  return {
    body,
    rowGroup: { columns, num_rows: BigInt(rows), total_byte_size, total_compressed_size: BigInt(body.length), file_offset: 0n },
  };
}

/** The row group with every file offset it holds moved by `delta` bytes (its bytes placed elsewhere in a file). */
export function shiftRowGroup(rowGroup: RowGroup, delta: bigint): RowGroup {
  const move = (offset: bigint | undefined) => (offset === undefined ? undefined : offset + delta);
  const columns = rowGroup.columns.map((column): ColumnChunk => {
    const moved: ColumnChunk = { ...column, file_offset: column.file_offset + delta };
    if (column.offset_index_offset !== undefined) moved.offset_index_offset = move(column.offset_index_offset);
    if (column.column_index_offset !== undefined) moved.column_index_offset = move(column.column_index_offset);
    const meta = column.meta_data;
    if (meta) {
      moved.meta_data = { ...meta, data_page_offset: meta.data_page_offset + delta };
      if (meta.dictionary_page_offset !== undefined) moved.meta_data.dictionary_page_offset = move(meta.dictionary_page_offset);
      if (meta.index_page_offset !== undefined) moved.meta_data.index_page_offset = move(meta.index_page_offset);
      if (meta.bloom_filter_offset !== undefined) moved.meta_data.bloom_filter_offset = move(meta.bloom_filter_offset);
    }
    return moved;
  });
  return rowGroup.file_offset === undefined
    ? { ...rowGroup, columns }
    : { ...rowGroup, columns, file_offset: rowGroup.file_offset + delta };
}

/**
 * The bytes that end a Parquet file whose row groups are `rowGroups` (absolute offsets): the thrift-encoded
 * FileMetaData, its 4-byte little-endian length and the magic. hyparquet-writer's own footer writer does the
 * encoding (its ParquetWriter with the row groups placed by us).
 */
export function encodeFooter(schema: SchemaElement[], rowGroups: RowGroup[]): Uint8Array {
  const writer = new ByteWriter();
  const parquet = new ParquetWriter({ writer, schema: schema as unknown as WriterSchema, statistics: false, createdBy: CREATED_BY });
  parquet.row_groups = rowGroups as unknown as WriterRowGroups;
  parquet.num_rows = rowGroups.reduce((sum, rowGroup) => sum + rowGroup.num_rows, 0n);
  parquet.finish();
  return writer.getBytes().subarray(MAGIC.length);
}

/**
 * The row groups of a file assembled as `PAR1` + each chunk's body in order + footer: chunk c's row groups (offsets
 * relative to its body) moved to where its body lands. `chunks[c]`: its body's size and its row groups.
 */
export function placeRowGroups(chunks: readonly { bytes: number; rowGroups: RowGroup[] }[]): RowGroup[] {
  const placed: RowGroup[] = [];
  let base = MAGIC.length;
  for (const chunk of chunks) {
    for (const rowGroup of chunk.rowGroups) placed.push(shiftRowGroup(rowGroup, BigInt(base)));
    base += chunk.bytes;
  }
  return placed;
}
