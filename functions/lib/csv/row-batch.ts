import type { Predictions, RegressorPredictions } from '../model/types.ts';
import { valueToPrint } from '../model/value-text.ts';
import { MAX_PROBABILITY_BYTES, writeProbability } from './output-format.ts';

/** `,` + a probability in [0, 1] rounded to 6 decimals (`,0.123456`): what renderBatch reserves per class. */
const USUAL_PROBABILITY_BYTES = 9;

/**
 * Rows waiting for one model.predict call: features packed row-major for the session, and each row's output
 * prefix (the record's passthrough bytes) staged back to back, so no per-row objects are kept.
 */
export interface Batch {
  rows: number;
  features: Float32Array;
  stage: Buffer;
  stageUsed: number;
  /** rowEnds[r] = end of row r's bytes in `stage` (row r starts where row r-1 ended). */
  rowEnds: Int32Array;
}

/** Initial staging room per row (rows are usually short; longer ones make the stage grow, once per batch). */
const STAGE_BYTES_PER_ROW = 32;

export function newBatch(batchRows: number, featureCount: number): Batch {
  const stage = Buffer.allocUnsafe(Math.min(Math.max(batchRows * STAGE_BYTES_PER_ROW, 1024), 1024 * 1024));
  return { rows: 0, features: new Float32Array(batchRows * featureCount), stage, stageUsed: 0, rowEnds: new Int32Array(batchRows) };
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
export function batchFeatures(batch: Batch, featureCount: number): Float32Array {
  const used = batch.rows * featureCount;
  return used === batch.features.length ? batch.features : batch.features.slice(0, used);
}

/** A render target kept from batch to batch: its bytes are only valid until the next render into it. */
export interface RenderScratch {
  buffer: Buffer;
}

/**
 * Scored CSV bytes of the batch: each row's bytes, then a classifier's `,index,label` and class probabilities, or a
 * regressor's `,value`. With a scratch the bytes are rendered into its buffer (grown when needed), so a chunk
 * allocates no output memory per batch.
 */
export function renderBatch(batch: Batch, predictions: Predictions, classPrefixes: readonly Buffer[], scratch?: RenderScratch): Buffer {
  if (predictions.kind === 'regressor') return renderValues(batch, predictions, scratch);
  const classes = classPrefixes.length;
  if (predictions.rows !== batch.rows || predictions.probabilities.length !== batch.rows * classes) {
    throw new Error(`model returned ${predictions.rows} predictions for ${batch.rows} rows`);
  }
  const longestPrefix = Math.max(...classPrefixes.map((p) => p.length));
  // Sized for probabilities in [0, 1] (always, from a softmax), plus one worst-case row of slack; a model that
  // returns other values only makes the buffer grow. Tight sizing halves the bytes allocated per batch.
  const worstRowTail = longestPrefix + classes * MAX_PROBABILITY_BYTES + 1;
  const expected = batch.stageUsed + batch.rows * (longestPrefix + classes * USUAL_PROBABILITY_BYTES + 1) + worstRowTail;
  let out = renderTarget(scratch, expected);
  const { stage, rowEnds } = batch;
  const { classIndex, probabilities } = predictions;
  let pos = 0;
  let from = 0;
  for (let r = 0; r < batch.rows; r++) {
    const to = rowEnds[r];
    if (pos + (to - from) + worstRowTail > out.length) out = grow(out, pos, pos + (to - from) + worstRowTail);
    pos = copyRow(stage, from, to, out, pos);
    from = to;
    const prefix = classPrefixes[classIndex[r]];
    if (prefix === undefined) throw new Error(`model returned class index ${classIndex[r]} outside 0..${classes - 1}`);
    for (let i = 0; i < prefix.length; i++) out[pos++] = prefix[i];
    for (let k = 0, p = r * classes; k < classes; k++, p++) pos = writeProbability(out, pos, probabilities[p]);
    out[pos++] = 0x0a;
  }
  if (scratch) scratch.buffer = out;
  return out.subarray(0, pos);
}

/** A regressor's rows: each row's bytes, then `,` and the value as valueToPrint gives it. */
function renderValues(batch: Batch, predictions: RegressorPredictions, scratch?: RenderScratch): Buffer {
  if (predictions.rows !== batch.rows || predictions.values.length !== batch.rows) {
    throw new Error(`model returned ${predictions.values.length} values for ${batch.rows} rows`);
  }
  const worstRowTail = MAX_PROBABILITY_BYTES + 1;
  let out = renderTarget(scratch, batch.stageUsed + batch.rows * 12 + worstRowTail);
  const { stage, rowEnds } = batch;
  let pos = 0;
  let from = 0;
  for (let r = 0; r < batch.rows; r++) {
    const to = rowEnds[r];
    if (pos + (to - from) + worstRowTail > out.length) out = grow(out, pos, pos + (to - from) + worstRowTail);
    pos = copyRow(stage, from, to, out, pos);
    from = to;
    out[pos++] = 0x2c;
    pos += out.write(String(valueToPrint(predictions.values, r)), pos, 'latin1');
    out[pos++] = 0x0a;
  }
  if (scratch) scratch.buffer = out;
  return out.subarray(0, pos);
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
