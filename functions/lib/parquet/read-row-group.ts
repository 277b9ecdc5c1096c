import { parquetRead } from 'hyparquet';
import type { AsyncBuffer, DecodedArray, FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { inputColumns } from './schema.ts';
import { rowGroupSpan, rowsBefore } from './row-groups.ts';
import type { ByteSpan } from './row-groups.ts';
import { decodeNumberColumn } from './decode-numbers.ts';
import type { NumberColumn } from './decode-numbers.ts';
import { toNumberColumn } from './score-row-group.ts';

/** One row group's bytes, read once: decoded from, and copied from, without reading the file again. */
export interface LoadedRowGroup {
  index: number;
  rows: number;
  /** The row group's first row's 0-based position in the file. */
  firstRow: number;
  /** Where `bytes` sit in the file. */
  span: ByteSpan;
  bytes: Uint8Array;
}

/** Reads row group `index`'s column chunks (one read of the bytes they span). */
export async function loadRowGroup(file: AsyncBuffer, metadata: FileMetaData, index: number): Promise<LoadedRowGroup> {
  const span = rowGroupSpan(metadata.row_groups[index]!, index);
  const bytes = new Uint8Array(await file.slice(span.start, span.end));
  if (bytes.length !== span.end - span.start) throw new Error(`row group ${index}: read ${bytes.length} bytes of ${span.end - span.start}`);
  return { index, rows: Number(metadata.row_groups[index]!.num_rows), firstRow: rowsBefore(metadata, index), span, bytes };
}

/**
 * Decodes columns of a loaded row group with hyparquet, every codec hyparquet-compressors handles (SNAPPY, GZIP,
 * ZSTD, BROTLI, LZ4). `columns`: the column indexes to decode; the result holds their values at those indexes
 * (undefined elsewhere). Values are as hyparquet converts them: numbers, bigints for INT64, strings for UTF8, Dates
 * for timestamps, null for a missing value.
 */
export async function decodeColumns(group: LoadedRowGroup, metadata: FileMetaData, columns: readonly number[]): Promise<DecodedArray[]> {
  const names = inputColumns(metadata).map((c) => c.name);
  const wanted = [...new Set(columns)];
  const pieces = new Map(wanted.map((i) => [names[i]!, [] as { at: number; data: DecodedArray }[]]));
  await parquetRead({
    file: spanBuffer(group),
    metadata,
    compressors,
    columns: wanted.map((i) => names[i]!),
    rowStart: group.firstRow,
    rowEnd: group.firstRow + group.rows,
    onChunk: ({ columnName, columnData, rowStart }) => pieces.get(columnName)?.push({ at: rowStart - group.firstRow, data: columnData }),
  });
  const decoded: DecodedArray[] = new Array(names.length);
  for (const i of wanted) decoded[i] = joinPieces(pieces.get(names[i]!)!, group.rows, names[i]!);
  return decoded;
}

/** The loaded bytes as an AsyncBuffer of the whole file: slices inside the span only. */
function spanBuffer(group: LoadedRowGroup): AsyncBuffer {
  const { span, bytes } = group;
  return {
    byteLength: span.end,
    slice(start: number, end?: number): ArrayBuffer {
      const to = end ?? span.end;
      if (start < span.start || to > span.end) throw new Error(`row group ${group.index}: read [${start}, ${to}) outside its bytes`);
      return bytes.slice(start - span.start, to - span.start).buffer;
    },
  };
}

/** A column's pages as one array of the row group's values (one page: its array as it is). */
function joinPieces(pieces: { at: number; data: DecodedArray }[], rows: number, name: string): DecodedArray {
  if (pieces.length === 1 && pieces[0]!.at === 0 && pieces[0]!.data.length === rows) return pieces[0]!.data;
  const joined: unknown[] = new Array(rows);
  let filled = 0;
  for (const { at, data } of pieces) {
    for (let r = 0; r < data.length; r++) {
      const row = at + r;
      if (row < 0 || row >= rows) continue;
      joined[row] = data[r];
      filled++;
    }
  }
  if (filled !== rows) throw new Error(`column "${name}" decoded ${filled} values for ${rows} rows`);
  return joined as DecodedArray;
}

/**
 * The feature columns of a loaded row group as numbers: flat number columns decoded directly (decode-numbers.ts),
 * any other through hyparquet.
 */
export async function decodeFeatures(
  group: LoadedRowGroup,
  metadata: FileMetaData,
  featureColumns: readonly number[],
): Promise<NumberColumn[]> {
  const elements = inputColumns(metadata);
  const chunks = metadata.row_groups[group.index]!.columns;
  const direct = featureColumns.map((c) => {
    const meta = chunks[c]?.meta_data;
    return meta ? decodeNumberColumn(group.bytes, group.span.start, meta, elements[c]!, group.rows) : undefined;
  });
  const rest = featureColumns.filter((_, f) => direct[f] === undefined);
  const decoded = rest.length === 0 ? [] : await decodeColumns(group, metadata, rest);
  return featureColumns.map((c, f) => direct[f] ?? toNumberColumn(decoded[c]!));
}
