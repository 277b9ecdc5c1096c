import type { DecodedArray } from 'hyparquet';
import type { Model, Predictions } from '../model/types.ts';
import { csvLine } from '../csv/output-format.ts';
import { fitsFloat32 } from '../csv/number-field.ts';
import type { PredictionValues } from './write-predictions.ts';

/** A row group's features checked: the kept rows' features packed for the model, the rejected rows with why. */
export interface CheckedFeatures {
  rows: number;
  /** Row indexes (in the row group) of the rows to score, in order. */
  kept: number[];
  /** The kept rows' features, row-major, `kept.length × featureCount` used. */
  features: Float32Array;
  rejected: { row: number; reason: string }[];
}

/**
 * Each row's features (numbers; bigints narrowed to numbers) into float32, as the CSV path reads them: a row whose
 * feature is missing (null), NaN, infinite or beyond float32 is rejected with the reason. `columns[c]`: column c's
 * values (at least the feature columns), `featureColumns[f]`: feature f's column, `columnNames` for the reasons.
 */
export function checkFeatures(
  columns: readonly DecodedArray[],
  rows: number,
  featureColumns: readonly number[],
  columnNames: readonly string[],
): CheckedFeatures {
  const width = featureColumns.length;
  const features = new Float32Array(rows * width);
  const kept: number[] = [];
  const rejected: { row: number; reason: string }[] = [];
  const featureValues = featureColumns.map((c) => columns[c]!);
  for (let r = 0; r < rows; r++) {
    const at = kept.length * width;
    let reason: string | undefined;
    for (let f = 0; f < width && reason === undefined; f++) {
      const value = featureValues[f]![r];
      const number = typeof value === 'bigint' ? Number(value) : value;
      if (typeof number === 'number' && Number.isFinite(number) && fitsFloat32(number)) features[at + f] = number;
      else reason = `${columnNames[featureColumns[f]!]}: ${valueProblem(value, number)}`;
    }
    if (reason === undefined) kept.push(r);
    else rejected.push({ row: r, reason });
  }
  return { rows, kept, features, rejected };
}

function valueProblem(value: unknown, number: unknown): string {
  if (value === null || value === undefined) return 'empty value';
  if (typeof number !== 'number') return `not a number: ${JSON.stringify(cellText(value))}`;
  if (Number.isNaN(number)) return 'NaN is not a number';
  if (!Number.isFinite(number)) return 'infinite value';
  return 'value out of float32 range';
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
export function pickRows(column: DecodedArray, rows: readonly number[]): DecodedArray {
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
