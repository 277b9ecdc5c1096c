import type { DecodedArray } from 'hyparquet';
import type { Model, Predictions } from '../model/types.ts';
import { featureArray, fitsInput, type FeatureArray, type FeatureType } from '../model/feature-values.ts';
import { csvLine } from '../csv/output-format.ts';
import type { PredictionValues } from './write-predictions.ts';
import type { NumberColumn } from './decode-numbers.ts';

/** A row group's features checked: the kept rows' features packed for the model, the rejected rows with why. */
export interface CheckedFeatures {
  rows: number;
  /** Row indexes (in the row group) of the rows to score, in order. */
  kept: Int32Array;
  /** The kept rows' features, row-major, `kept.length × featureCount` used, in the model input's precision. */
  features: FeatureArray;
  rejected: { row: number; reason: string }[];
}

/**
 * Each row's features into the model input's precision (`type`), as the CSV path reads them: a row whose feature is
 * missing (null), not a number, NaN, infinite or beyond the input's range (float32's, for a float32 input) is
 * rejected with the reason. `features[f]`: feature f's column, `names[f]`: its column's name (for the reasons).
 */
export function checkFeatures(
  features: readonly NumberColumn[],
  rows: number,
  names: readonly string[],
  type: FeatureType = 'float32',
): CheckedFeatures {
  const fits = fitsInput(type);
  const width = features.length;
  // Column by column (tight loops over one typed array each): bad[r] = 1 + the first refused feature of row r.
  const bad = new Uint8Array(rows);
  for (let f = features.length - 1; f >= 0; f--) {
    const { values, missing } = features[f]!;
    for (let r = 0; r < rows; r++) {
      if (missing[r] !== 0 || !fits(values[r]!)) bad[r] = f + 1;
    }
  }
  // An Int32Array, not a pushed array: pushing 100k indexes cost as much as the scan itself.
  const keptRows = new Int32Array(rows);
  let count = 0;
  const rejected: { row: number; reason: string }[] = [];
  for (let r = 0; r < rows; r++) {
    if (bad[r] === 0) keptRows[count++] = r;
    else rejected.push({ row: r, reason: `${names[bad[r]! - 1]}: ${valueProblem(features[bad[r]! - 1]!, r, type)}` });
  }
  const kept = keptRows.subarray(0, count);
  const out = featureArray(type, kept.length * width);
  for (let f = 0; f < width; f++) {
    const values = features[f]!.values;
    if (rejected.length === 0) for (let r = 0; r < rows; r++) out[r * width + f] = values[r]!;
    else for (let i = 0; i < kept.length; i++) out[i * width + f] = values[kept[i]!]!;
  }
  return { rows, kept, features: out, rejected };
}

/** Why row r's value is refused (NaN and infinities fit no input). */
function valueProblem(column: NumberColumn, r: number, type: FeatureType): string {
  if (column.missing[r] === 1) return 'empty value';
  if (column.missing[r] === 2) return `not a number: ${JSON.stringify(cellText(column.other?.get(r)))}`;
  const value = column.values[r]!;
  if (Number.isNaN(value)) return 'NaN is not a number';
  if (!Number.isFinite(value)) return 'infinite value';
  return `value out of ${type} range`;
}

/** hyparquet's decoded values as a NumberColumn (numbers; bigints narrowed; null missing; anything else not a number). */
export function toNumberColumn(values: DecodedArray): NumberColumn {
  const column: NumberColumn = { values: new Float64Array(values.length), missing: new Uint8Array(values.length) };
  for (let r = 0; r < values.length; r++) {
    const value = values[r];
    if (typeof value === 'number') column.values[r] = value;
    else if (typeof value === 'bigint') column.values[r] = Number(value);
    else if (value === null || value === undefined) column.missing[r] = 1;
    else {
      column.missing[r] = 2;
      column.other ??= new Map();
      column.other.set(r, value);
    }
  }
  return column;
}

/**
 * errors.csv rows for the rejected rows: `row,record,reason`, the row its 1-based position in the file
 * (`firstRow`: the row group's first row, 0-based), the record the row's cells as one CSV line (`columns`: every
 * column's values), quoted and neutralised as CSV rejects are.
 */
export function errorLines(rejected: CheckedFeatures['rejected'], columns: readonly DecodedArray[], firstRow: number): string {
  let text = '';
  for (const { row, reason } of rejected) {
    const cells = columns.map((column) => cellText(column[row]));
    text += `${csvLine([String(firstRow + row + 1), csvLine(cells), reason])}\n`;
  }
  return text;
}

/**
 * The model's outputs for the kept rows, scored in batches of `batchRows`: a classifier's class index and one float32
 * array per class; a regressor's value (float64).
 */
export async function predictRows(model: Model, checked: CheckedFeatures, batchRows: number): Promise<PredictionValues> {
  const width = model.info.featureCount;
  const batches: Predictions[] = [];
  const rows = checked.kept.length;
  for (let from = 0; from < rows; from += batchRows) {
    const n = Math.min(batchRows, rows - from);
    batches.push(await model.predict(checked.features.subarray(from * width, (from + n) * width), n));
  }
  return gather(model, batches, rows);
}

function gather(model: Model, batches: readonly Predictions[], rows: number): PredictionValues {
  const info = model.info;
  if (info.kind === 'regressor') {
    const values = new Float64Array(rows);
    let at = 0;
    for (const p of batches) {
      if (p.kind !== 'regressor') throw new Error('a regressor returned class predictions');
      values.set(p.values, at);
      at += p.rows;
    }
    return { kind: 'regressor', values };
  }
  const classes = info.classNames.length;
  const classIndex = new Int32Array(rows);
  const probabilities = Array.from({ length: classes }, () => new Float32Array(rows));
  let at = 0;
  for (const p of batches) {
    if (p.kind !== 'classifier') throw new Error('a classifier returned regression values');
    for (let r = 0; r < p.rows; r++, at++) {
      const k = p.classIndex[r]!;
      if (!(k >= 0 && k < classes)) throw new Error(`model returned class index ${k} outside 0..${classes - 1}`);
      classIndex[at] = k;
      for (let c = 0; c < classes; c++) probabilities[c]![at] = p.probabilities[r * classes + c]!;
    }
  }
  return { kind: 'classifier', classNames: info.classNames, classIndex, probabilities };
}

/** The values of `column` at `rows`. */
export function pickRows(column: DecodedArray, rows: ArrayLike<number>): DecodedArray {
  const picked: unknown[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) picked[i] = column[rows[i]!];
  return picked as DecodedArray;
}

/** A cell as text, for errors.csv's record column. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'object') return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
  return String(value);
}
