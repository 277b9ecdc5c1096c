import type { AsyncBuffer, FileMetaData, RowGroup } from 'hyparquet';
import type { Model } from '../model/types.ts';
import { readRowGroup } from './read-row-group.ts';
import { inputColumns, outputSchema } from './schema.ts';
import type { PredictionKind } from './schema.ts';
import { scoreRowGroup } from './score-row-group.ts';
import { encodeRowGroup, shiftRowGroup } from './write-row-group.ts';

/** Where a chunk's outputs go (the handler's S3 part uploaders). */
export interface ParquetChunkSinks {
  /** The scored row groups' column chunks, back to back (a Parquet file body without magic or footer). */
  scored: { write(bytes: Buffer): Promise<void> };
  /** errors.csv rows of the rejected rows, without header. */
  errors: { write(bytes: Buffer): Promise<void> };
}

export interface ParquetChunkRequest {
  /** The input file; only the chunk's row groups' bytes are read from it. */
  file: AsyncBuffer;
  metadata: FileMetaData;
  /** The chunk's row groups [from, to). */
  rowGroups: { from: number; to: number };
  model: Model;
  featureColumns: readonly number[];
  batchRows: number;
}

export interface ParquetChunkCounts {
  rowsIn: number;
  rowsScored: number;
  rowsRejected: number;
  /** Bytes written to the scored sink. */
  bytes: number;
  /** The scored row groups, offsets relative to the chunk's first scored byte (a row group all rejected adds none). */
  rowGroups: RowGroup[];
}

/** The model's output columns (functions/lib/csv/output-format.ts's OutputColumns, from the model's info). */
export function predictionKind(model: Model): PredictionKind {
  return model.info.kind === 'regressor' ? { kind: 'regressor' } : { kind: 'classifier', classNames: model.info.classNames };
}

/**
 * Scores a chunk's row groups one at a time (memory: one row group decoded and encoded), writing each scored row
 * group's column chunks to `sinks.scored` and its rejected rows to `sinks.errors`.
 */
export async function scoreParquetChunk(request: ParquetChunkRequest, sinks: ParquetChunkSinks): Promise<ParquetChunkCounts> {
  const { metadata, model } = request;
  const schema = outputSchema(metadata, predictionKind(model));
  const columnNames = inputColumns(metadata).map((c) => c.name);
  const counts: ParquetChunkCounts = { rowsIn: 0, rowsScored: 0, rowsRejected: 0, bytes: 0, rowGroups: [] };
  for (let index = request.rowGroups.from; index < request.rowGroups.to; index++) {
    const decoded = await readRowGroup(request.file, metadata, index);
    const scored = await scoreRowGroup(decoded, {
      model,
      featureColumns: request.featureColumns,
      columnNames,
      batchRows: request.batchRows,
    });
    counts.rowsIn += scored.rowsIn;
    counts.rowsScored += scored.rowsScored;
    counts.rowsRejected += scored.rowsRejected;
    if (scored.errors !== '') await sinks.errors.write(Buffer.from(scored.errors));
    if (scored.rowsScored === 0) continue;
    const encoded = encodeRowGroup(schema, scored.columns, scored.rowsScored);
    counts.rowGroups.push(shiftRowGroup(encoded.rowGroup, BigInt(counts.bytes)));
    await sinks.scored.write(Buffer.from(encoded.body.buffer, encoded.body.byteOffset, encoded.body.length));
    counts.bytes += encoded.body.length;
  }
  return counts;
}
