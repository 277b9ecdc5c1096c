import { parquetWriteBuffer } from 'hyparquet-writer';

/**
 * Feature columns as a Parquet file, as hyparquet-writer writes one: a DOUBLE column per name (SNAPPY),
 * `rowGroupRows` rows per row group. `column(f)` gives feature f's values, one per row.
 */
export function parquetBody(names: readonly string[], column: (feature: number) => Float64Array, rowGroupRows: number): Buffer {
  const columnData = names.map((name, f) => ({ name, data: column(f), type: 'DOUBLE' as const }));
  return Buffer.from(parquetWriteBuffer({ columnData, rowGroupSize: rowGroupRows }));
}
