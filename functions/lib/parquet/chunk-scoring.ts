import type { AsyncBuffer, DecodedArray, FileMetaData, RowGroup } from 'hyparquet';
import type { Model } from '../model/types.ts';
import { decodeColumns, decodeFeatures, loadRowGroup } from './read-row-group.ts';
import type { LoadedRowGroup } from './read-row-group.ts';
import { inputColumns } from './schema.ts';
import { ParquetInputError } from './errors.ts';
import type { PredictionKind } from './schema.ts';
import { checkFeatures, errorLines, pickRows, predictRows } from './score-row-group.ts';
import { encodePredictions } from './write-predictions.ts';
import { copyColumnChunks, encodeRowGroup, joinRowGroup, shiftRowGroup } from './write-row-group.ts';
import type { EncodedRowGroup } from './write-row-group.ts';

/** Where a chunk's outputs go (the handler's S3 part uploaders). */
export interface ParquetChunkSinks {
  /** The scored row groups' column chunks, back to back (a Parquet file body without magic or footer). */
  scored: { write(bytes: Buffer): Promise<void> };
  /** errors.csv rows of the rejected rows, without header. */
  errors: { write(bytes: Buffer): Promise<void> };
}

export interface ParquetChunkRequest {
  /** The input file; only the chunk's row groups' bytes are read from it, one read per row group. */
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

/** The model's output columns (as functions/lib/csv/output-format.ts's OutputColumns, from the model's info). */
export function predictionKind(model: Model): PredictionKind {
  return model.info.kind === 'regressor' ? { kind: 'regressor' } : { kind: 'classifier', classNames: model.info.classNames };
}

/**
 * Scores a chunk's row groups one at a time (memory: one row group's bytes, decoded columns and output), writing
 * each scored row group's column chunks to `sinks.scored` and its rejected rows to `sinks.errors`.
 */
export async function scoreParquetChunk(request: ParquetChunkRequest, sinks: ParquetChunkSinks): Promise<ParquetChunkCounts> {
  const counts: ParquetChunkCounts = { rowsIn: 0, rowsScored: 0, rowsRejected: 0, bytes: 0, rowGroups: [] };
  for (let index = request.rowGroups.from; index < request.rowGroups.to; index++) {
    const group = await loadRowGroup(request.file, request.metadata, index);
    const scored = await scoreRowGroup(request, group);
    counts.rowsIn += group.rows;
    counts.rowsScored += scored.rowsScored;
    counts.rowsRejected += group.rows - scored.rowsScored;
    if (scored.errors !== '') await sinks.errors.write(Buffer.from(scored.errors));
    if (!scored.encoded) continue;
    const { body, rowGroup } = scored.encoded;
    counts.rowGroups.push(shiftRowGroup(rowGroup, BigInt(counts.bytes)));
    await sinks.scored.write(Buffer.from(body.buffer, body.byteOffset, body.length));
    counts.bytes += body.length;
  }
  return counts;
}

/**
 * One row group: only the feature columns are decoded to score it. With every row scored, the input's column chunks
 * are copied as they are; with rows rejected, every column is decoded (the error lines show whole rows) and the kept
 * rows encoded again (hyparquet-writer). Either way the prediction columns follow (write-predictions.ts). No row
 * kept: no row group.
 */
async function scoreRowGroup(
  request: ParquetChunkRequest,
  group: LoadedRowGroup,
): Promise<{ rowsScored: number; errors: string; encoded: EncodedRowGroup | undefined }> {
  const { metadata, model, featureColumns } = request;
  const names = inputColumns(metadata).map((c) => c.name);
  const features = await undecodable(group, () => decodeFeatures(group, metadata, featureColumns));
  const checked = checkFeatures(
    features,
    group.rows,
    featureColumns.map((c) => names[c]!),
    model.info.inputType,
  );
  const rowsScored = checked.kept.length;
  const predictions = rowsScored === 0 ? undefined : encodePredictions(await predictRows(model, checked, request.batchRows), rowsScored);
  if (checked.rejected.length === 0) {
    const copied = copyColumnChunks(group, metadata.row_groups[group.index]!);
    return { rowsScored, errors: '', encoded: predictions && joinRowGroup(copied, predictions, rowsScored) };
  }
  const every = names.map((_, i) => i);
  const all = await undecodable(group, () => decodeColumns(group, metadata, every));
  const errors = errorLines(checked.rejected, all, group.firstRow);
  if (!predictions) return { rowsScored, errors, encoded: undefined };
  const passthrough: DecodedArray[] = all.map((column) => pickRows(column, checked.kept));
  const input = encodeRowGroup(metadata.schema, passthrough, rowsScored);
  return { rowsScored, errors, encoded: joinRowGroup({ body: input.body, columns: input.rowGroup.columns }, predictions, rowsScored) };
}

/** Bytes that do not decode are the file's fault, not a transient one: ParquetInputError, which no retry repeats. */
async function undecodable<T>(group: LoadedRowGroup, decode: () => Promise<T>): Promise<T> {
  try {
    return await decode();
  } catch (error) {
    throw new ParquetInputError(`row group ${group.index} does not decode: ${error instanceof Error ? error.message : String(error)}`);
  }
}
