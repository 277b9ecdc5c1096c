import { parquetRead } from 'hyparquet';
import type { AsyncBuffer, DecodedArray, FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { inputColumns } from './schema.ts';
import { rowsBefore } from './row-groups.ts';

/** One row group decoded: `columns[i]` holds column i's values (the schema's leaves in order), `rows` long. */
export interface DecodedRowGroup {
  rows: number;
  /** The row group's first row's 0-based position in the file. */
  firstRow: number;
  columns: DecodedArray[];
}

/**
 * Decodes row group `index` of a file (`file` needs only its column chunks' bytes) with hyparquet, every codec
 * hyparquet-compressors handles (SNAPPY, GZIP, ZSTD, BROTLI, LZ4). Values are as hyparquet converts them: numbers,
 * bigints for INT64, strings for UTF8, Dates for timestamps, null for a missing value.
 */
export async function readRowGroup(file: AsyncBuffer, metadata: FileMetaData, index: number): Promise<DecodedRowGroup> {
  const names = inputColumns(metadata).map((c) => c.name);
  const firstRow = rowsBefore(metadata, index);
  const rows = Number(metadata.row_groups[index]!.num_rows);
  const pieces = names.map(() => [] as { at: number; data: DecodedArray }[]);
  const position = new Map(names.map((name, i) => [name, i]));
  await parquetRead({
    file,
    metadata,
    compressors,
    rowStart: firstRow,
    rowEnd: firstRow + rows,
    onChunk: ({ columnName, columnData, rowStart }) => {
      const i = position.get(columnName);
      if (i !== undefined) pieces[i]!.push({ at: rowStart - firstRow, data: columnData });
    },
  });
  return { rows, firstRow, columns: pieces.map((p, i) => joinPieces(p, rows, names[i]!)) };
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
