/** Parquet files for tests, written by hyparquet-writer, and an in-memory AsyncBuffer to read them with hyparquet. */
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { AsyncBuffer } from 'hyparquet';

export type Cell = number | string | null;
export interface IrisRows {
  sepal_length: Cell[];
  sepal_width: Cell[];
  petal_length: Cell[];
  petal_width: Cell[];
  note: string[];
}

export const IRIS_FEATURES = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'] as const;

/** Four nullable DOUBLE features and a STRING note, `rowGroupSize` rows per row group. */
export function irisParquet(rows: IrisRows, rowGroupSize: number): Uint8Array {
  const feature = (name: keyof IrisRows) => ({ name, data: rows[name] as (number | null)[], type: 'DOUBLE' as const, nullable: true });
  const buffer = parquetWriteBuffer({
    columnData: [...IRIS_FEATURES.map(feature), { name: 'note', data: rows.note, type: 'STRING' }],
    rowGroupSize,
  });
  return new Uint8Array(buffer);
}

/** `n` generated rows (features from a formula spanning the three species' ranges), a note per row. */
export function generatedRows(n: number): IrisRows {
  const rows: IrisRows = { sepal_length: [], sepal_width: [], petal_length: [], petal_width: [], note: [] };
  for (let i = 0; i < n; i++) {
    rows.sepal_length.push(4 + (i % 40) / 10);
    rows.sepal_width.push(2 + (i % 23) / 10);
    rows.petal_length.push(1 + (i % 59) / 10);
    rows.petal_width.push((i % 25) / 10);
    rows.note.push(`row ${i + 1}`);
  }
  return rows;
}

/** The rows as CSV text (header, then one line per row; a null cell empty), for scoring the same rows the CSV way. */
export function irisCsv(rows: IrisRows): string {
  let text = `${[...IRIS_FEATURES, 'note'].join(',')}\n`;
  for (let i = 0; i < rows.note.length; i++) {
    text += `${[...IRIS_FEATURES.map((f) => (rows[f][i] === null ? '' : String(rows[f][i]))), rows.note[i]].join(',')}\n`;
  }
  return text;
}

/** An AsyncBuffer over bytes in memory that counts the bytes read. */
export function memoryFile(bytes: Uint8Array): AsyncBuffer & { read: number } {
  const file = {
    byteLength: bytes.length,
    read: 0,
    slice(start: number, end?: number): ArrayBuffer {
      const copy = bytes.slice(start, end ?? bytes.length);
      file.read += copy.length;
      return copy.buffer;
    },
  };
  return file;
}
