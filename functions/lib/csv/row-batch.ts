import type { Predictions } from '../model/types.ts';
import { featureArray, type FeatureArray, type FeatureType } from '../model/feature-values.ts';
import { valueToPrint } from '../model/value-text.ts';
import { MAX_PROBABILITY_BYTES, writeProbability } from './output-format.ts';

/** `,` + a probability in [0, 1] rounded to 6 decimals (`,0.123456`): what renderBatch reserves per class. */
const USUAL_PROBABILITY_BYTES = 9;
/** `,` + a regression value of about 10 characters: what renderBatch reserves per value. */
const USUAL_VALUE_BYTES = 11;

/**
 * Rows waiting for one model.predict call: features packed row-major for the session, and each row's output
 * prefix (the record's passthrough bytes) staged back to back, so no per-row objects are kept.
 */
export interface Batch {
  rows: number;
  /** In the precision of the model's input (feature-values.ts). */
  features: FeatureArray;
  stage: Buffer;
  stageUsed: number;
  /** rowEnds[r] = end of row r's bytes in `stage` (row r starts where row r-1 ended). */
  rowEnds: Int32Array;
}

/** Initial staging room per row (rows are usually short; longer ones make the stage grow, once per batch). */
const STAGE_BYTES_PER_ROW = 32;

export function newBatch(batchRows: number, featureCount: number, featureType: FeatureType = 'float32'): Batch {
  const stage = Buffer.allocUnsafe(Math.min(Math.max(batchRows * STAGE_BYTES_PER_ROW, 1024), 1024 * 1024));
  const features = featureArray(featureType, batchRows * featureCount);
  return { rows: 0, features, stage, stageUsed: 0, rowEnds: new Int32Array(batchRows) };
}

/** Empties a rendered batch so it can take the next rows (its arrays are reused: less garbage per row). */
export function resetBatch(batch: Batch): Batch {
  batch.rows = 0;
  batch.stageUsed = 0;
  return batch;
}

/** Appends one row's passthrough bytes (its features are already in place). */
export function stageRow(batch: Batch, source: Buffer, start: number, end: number): void {
  reserve(batch, end - start);
  const stage = batch.stage;
  let pos = batch.stageUsed;
  // Short rows: a byte loop beats Buffer.copy's call overhead.
  if (end - start < 64) for (let i = start; i < end; i++) stage[pos++] = source[i];
  else pos += source.copy(stage, pos, start, end);
  batch.stageUsed = pos;
  batch.rowEnds[batch.rows++] = pos;
}

export function stageText(batch: Batch, text: string): void {
  const bytes = Buffer.from(text);
  stageRow(batch, bytes, 0, bytes.length);
}

function reserve(batch: Batch, bytes: number): void {
  if (batch.stageUsed + bytes <= batch.stage.length) return;
  const grown = Buffer.allocUnsafe(Math.max(batch.stage.length * 2, batch.stageUsed + bytes));
  batch.stage.copy(grown, 0, 0, batch.stageUsed);
  batch.stage = grown;
}

/** The features of the batch's rows, exactly `rows × featureCount` long. */
export function batchFeatures(batch: Batch, featureCount: number): FeatureArray {
  const used = batch.rows * featureCount;
  return used === batch.features.length ? batch.features : batch.features.slice(0, used);
}

/** A render target kept from batch to batch: its bytes are only valid until the next render into it. */
export interface RenderScratch {
  buffer: Buffer;
}

/** One model's predictions for a batch, and for a classifier its `,index,label` bytes per class (classPrefixes). */
export interface PredictionColumns {
  predictions: Predictions;
  classPrefixes: readonly Buffer[];
}

/**
 * Scored CSV bytes of the batch: each row's bytes, then a classifier's `,index,label` and class probabilities, or a
 * regressor's `,value`; with a `shadow`, its columns follow the same way. With a scratch the bytes are rendered into
 * its buffer (grown when needed), so a chunk allocates no output memory per batch.
 */
export function renderBatch(
  batch: Batch,
  predictions: Predictions,
  classPrefixes: readonly Buffer[],
  scratch?: RenderScratch,
  shadow?: PredictionColumns,
): Buffer {
  const models: PredictionColumns[] = [{ predictions, classPrefixes }];
  if (shadow) models.push(shadow);
  // Sized for probabilities in [0, 1] (always, from a softmax) and short regression values, plus one worst-case row
  // of slack; other values only make the buffer grow. Tight sizing halves the bytes allocated per batch.
  let usualRowTail = 1;
  let worstRowTail = 1;
  for (const model of models) {
    checkRows(model, batch.rows);
    usualRowTail += columnBytes(model, USUAL_PROBABILITY_BYTES, USUAL_VALUE_BYTES);
    worstRowTail += columnBytes(model, MAX_PROBABILITY_BYTES, MAX_PROBABILITY_BYTES);
  }
  let out = renderTarget(scratch, batch.stageUsed + batch.rows * usualRowTail + worstRowTail);
  const { stage, rowEnds } = batch;
  let pos = 0;
  let from = 0;
  for (let r = 0; r < batch.rows; r++) {
    const to = rowEnds[r];
    if (pos + (to - from) + worstRowTail > out.length) out = grow(out, pos, pos + (to - from) + worstRowTail);
    pos = copyRow(stage, from, to, out, pos);
    from = to;
    for (let m = 0; m < models.length; m++) pos = writeColumns(out, pos, models[m], r);
    out[pos++] = 0x0a;
  }
  if (scratch) scratch.buffer = out;
  return out.subarray(0, pos);
}

function checkRows({ predictions, classPrefixes }: PredictionColumns, rows: number): void {
  if (predictions.kind === 'regressor') {
    if (predictions.rows !== rows || predictions.values.length !== rows) {
      throw new Error(`model returned ${predictions.values.length} values for ${rows} rows`);
    }
  } else if (predictions.rows !== rows || predictions.probabilities.length !== rows * classPrefixes.length) {
    throw new Error(`model returned ${predictions.rows} predictions for ${rows} rows`);
  }
}

/** Bytes of one row's columns with each probability (or the value) taking `probabilityBytes` (`valueBytes`). */
function columnBytes({ predictions, classPrefixes }: PredictionColumns, probabilityBytes: number, valueBytes: number): number {
  if (predictions.kind === 'regressor') return valueBytes;
  return Math.max(...classPrefixes.map((p) => p.length)) + classPrefixes.length * probabilityBytes;
}

/** Row r's columns of one model: a classifier's `,index,label,p0,p1...`, a regressor's `,value` (valueToPrint). */
function writeColumns(out: Buffer, pos: number, { predictions, classPrefixes }: PredictionColumns, r: number): number {
  if (predictions.kind === 'regressor') {
    out[pos++] = 0x2c;
    return pos + out.write(String(valueToPrint(predictions.values, r)), pos, 'latin1');
  }
  const classes = classPrefixes.length;
  const prefix = classPrefixes[predictions.classIndex[r]];
  if (prefix === undefined) throw new Error(`model returned class index ${predictions.classIndex[r]} outside 0..${classes - 1}`);
  for (let i = 0; i < prefix.length; i++) out[pos++] = prefix[i];
  const probabilities = predictions.probabilities;
  for (let k = 0, p = r * classes; k < classes; k++, p++) pos = writeProbability(out, pos, probabilities[p]);
  return pos;
}

function renderTarget(scratch: RenderScratch | undefined, expected: number): Buffer {
  return scratch && scratch.buffer.length >= expected ? scratch.buffer : Buffer.allocUnsafe(expected);
}

/** Copies one staged row into the output. Short rows: a byte loop beats Buffer.copy's call overhead. */
function copyRow(stage: Buffer, from: number, to: number, out: Buffer, pos: number): number {
  if (to - from >= 64) return pos + stage.copy(out, pos, from, to);
  for (let i = from; i < to; i++) out[pos++] = stage[i];
  return pos;
}

function grow(out: Buffer, used: number, needed: number): Buffer {
  const grown = Buffer.allocUnsafe(Math.max(out.length * 2, needed));
  out.copy(grown, 0, 0, used);
  return grown;
}
