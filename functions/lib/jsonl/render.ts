import type { Predictions } from '../model/types.ts';
import { valueToPrint } from '../model/value-text.ts';
import type { Batch } from '../csv/row-batch.ts';
import { MAX_PROBABILITY_BYTES, SHADOW_PREFIX, writeProbability } from '../csv/output-format.ts';
import type { OutputColumns } from '../csv/output-format.ts';

/**
 * The fields a scored JSON object gains, the CSV output's columns as keys (output-format.ts): for a classifier
 * `"prediction"` (class index), `"label"`, `"probability_<class>"` per class (rounded to 6 decimals as in CSV); for a
 * regressor `"prediction"` (its value); a shadow model's after them, `shadow_...`. Pre-encoded once per job.
 */
export interface JsonFields {
  kind: 'classifier' | 'regressor';
  /** Per class index: `,"prediction":<i>,"label":<name>`; for a regressor, one entry `,"prediction":`. */
  prefixes: Buffer[];
  /** Per class: `,"probability_<class>"` (the `:` is written over writeProbability's comma). */
  probabilityKeys: Buffer[];
}

export function jsonFields(columns: OutputColumns, prefix = ''): JsonFields {
  const key = (name: string) => JSON.stringify(`${prefix}${name}`);
  if (columns.kind === 'regressor') return { kind: 'regressor', prefixes: [Buffer.from(`,${key('prediction')}:`)], probabilityKeys: [] };
  return {
    kind: 'classifier',
    prefixes: columns.classNames.map((name, i) => Buffer.from(`,${key('prediction')}:${i},${key('label')}:${JSON.stringify(name)}`)),
    probabilityKeys: columns.classNames.map((name) => Buffer.from(`,${key(`probability_${name}`)}`)),
  };
}

export function shadowJsonFields(columns: OutputColumns): JsonFields {
  return jsonFields(columns, SHADOW_PREFIX);
}

/** A render target kept from batch to batch (as the CSV core's). */
export interface JsonRenderScratch {
  buffer: Buffer;
}

/**
 * Scored JSON Lines bytes of the batch: each row's staged bytes (its line up to the closing `}`), the model's fields
 * (and the shadow's), then `}\n`. A non-finite number (no JSON form) is written as null.
 */
export function renderJsonBatch(
  batch: Batch,
  models: readonly { predictions: Predictions; fields: JsonFields }[],
  scratch: JsonRenderScratch,
): Buffer {
  let worstTail = 2;
  for (const { predictions, fields } of models) {
    if (predictions.rows !== batch.rows) throw new Error(`model returned ${predictions.rows} predictions for ${batch.rows} rows`);
    const longestPrefix = Math.max(...fields.prefixes.map((p) => p.length));
    const probabilities = fields.probabilityKeys.reduce((n, k) => n + k.length + MAX_PROBABILITY_BYTES, 0);
    worstTail += longestPrefix + Math.max(probabilities, MAX_PROBABILITY_BYTES);
  }
  let out =
    scratch.buffer.length >= batch.stageUsed + batch.rows * worstTail
      ? scratch.buffer
      : Buffer.allocUnsafe(batch.stageUsed + batch.rows * worstTail);
  let pos = 0;
  let from = 0;
  for (let r = 0; r < batch.rows; r++) {
    const to = batch.rowEnds[r];
    if (pos + (to - from) + worstTail > out.length) out = grow(out, pos, pos + (to - from) + worstTail);
    pos += batch.stage.copy(out, pos, from, to);
    from = to;
    for (const model of models) pos = writeFields(out, pos, model.predictions, model.fields, r);
    out[pos++] = 0x7d;
    out[pos++] = 0x0a;
  }
  scratch.buffer = out;
  return out.subarray(0, pos);
}

function writeFields(out: Buffer, pos: number, predictions: Predictions, fields: JsonFields, r: number): number {
  if (predictions.kind === 'regressor') {
    pos += fields.prefixes[0]!.copy(out, pos);
    const value = valueToPrint(predictions.values, r);
    return pos + out.write(Number.isFinite(value) ? String(value) : 'null', pos, 'latin1');
  }
  const classes = fields.probabilityKeys.length;
  const prefix = fields.prefixes[predictions.classIndex[r]];
  if (prefix === undefined) throw new Error(`model returned class index ${predictions.classIndex[r]} outside 0..${classes - 1}`);
  pos += prefix.copy(out, pos);
  for (let k = 0, p = r * classes; k < classes; k++, p++) {
    pos += fields.probabilityKeys[k]!.copy(out, pos);
    const probability = predictions.probabilities[p];
    if (Number.isFinite(probability)) {
      const colon = pos;
      pos = writeProbability(out, pos, probability);
      out[colon] = 0x3a;
    } else {
      pos += out.write(':null', pos, 'latin1');
    }
  }
  return pos;
}

function grow(out: Buffer, used: number, needed: number): Buffer {
  const grown = Buffer.allocUnsafe(Math.max(out.length * 2, needed));
  out.copy(grown, 0, 0, used);
  return grown;
}
