import { parquetWriteBuffer } from 'hyparquet-writer';
import type { AsyncBuffer, FileMetaData } from 'hyparquet';
import { footerBytes, parseFooter } from '../../../../../functions/lib/parquet/footer.ts';
import { encodeFooter, placeRowGroups } from '../../../../../functions/lib/parquet/write-row-group.ts';
import { outputSchema } from '../../../../../functions/lib/parquet/schema.ts';
import { planRowGroupChunks } from '../../../../../functions/lib/parquet/row-groups.ts';
import { predictionKind, scoreParquetChunk } from '../../../../../functions/lib/parquet/score-chunk.ts';
import type { Model } from '../../../../../functions/lib/model/types.ts';

export type Cell = number | string | null;
export interface IrisRows {
  sepal_length: Cell[];
  sepal_width: Cell[];
  petal_length: Cell[];
  petal_width: Cell[];
  note: string[];
}

/** A Parquet file as hyparquet-writer writes it: four nullable DOUBLE features and a STRING note, `rowGroupSize` rows per group. */
export function irisParquet(rows: IrisRows, rowGroupSize: number): Uint8Array {
  const feature = (name: keyof IrisRows) => ({ name, data: rows[name] as (number | null)[], type: 'DOUBLE' as const, nullable: true });
  const buffer = parquetWriteBuffer({
    columnData: [
      feature('sepal_length'),
      feature('sepal_width'),
      feature('petal_length'),
      feature('petal_width'),
      { name: 'note', data: rows.note, type: 'STRING' },
    ],
    rowGroupSize,
  });
  return new Uint8Array(buffer);
}

/** `n` generated rows: features from a formula, a note per row. */
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

export function metadataOf(bytes: Uint8Array): FileMetaData {
  const footer = footerBytes(bytes.subarray(bytes.length - 8), bytes.length);
  return parseFooter(bytes.subarray(bytes.length - footer));
}

/** The whole pipeline in memory, as the handlers run it: plan, score each chunk, place the row groups, add the footer. */
export async function scoreFile(
  bytes: Uint8Array,
  model: Model,
  chunkBytes: number,
): Promise<{ scored: Uint8Array; errors: string; chunks: number; rowsIn: number }> {
  const metadata = metadataOf(bytes);
  const chunks = planRowGroupChunks(metadata, chunkBytes);
  const bodies: { bytes: number; rowGroups: import('hyparquet').RowGroup[]; body: Buffer }[] = [];
  let errors = '';
  let rowsIn = 0;
  for (const chunk of chunks) {
    const parts: Buffer[] = [];
    const errorParts: Buffer[] = [];
    const counts = await scoreParquetChunk(
      { file: memoryFile(bytes), metadata, rowGroups: chunk.rowGroups, model, featureColumns: [0, 1, 2, 3], batchRows: 7 },
      {
        scored: { write: async (b) => void parts.push(Buffer.from(b)) },
        errors: { write: async (b) => void errorParts.push(Buffer.from(b)) },
      },
    );
    const body = Buffer.concat(parts);
    if (body.length !== counts.bytes) throw new Error('counted bytes differ from written bytes');
    bodies.push({ bytes: body.length, rowGroups: counts.rowGroups, body });
    errors += Buffer.concat(errorParts).toString();
    rowsIn += counts.rowsIn;
  }
  const footer = encodeFooter(outputSchema(metadata, predictionKind(model)), placeRowGroups(bodies));
  const scored = Buffer.concat([Buffer.from('PAR1'), ...bodies.map((b) => b.body), Buffer.from(footer)]);
  return { scored: new Uint8Array(scored), errors, chunks: chunks.length, rowsIn };
}
