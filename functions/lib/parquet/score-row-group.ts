import type { DecodedArray } from 'hyparquet';
import type { Model, Predictions } from '../model/types.ts';
import { csvLine } from '../csv/output-format.ts';
import { fitsFloat32 } from '../csv/number-field.ts';
import type { DecodedRowGroup } from './read-row-group.ts';

/** Rows of one row group after scoring: the scored rows' output columns, and the rejected rows' error lines. */
export interface ScoredRowGroup {
  rowsIn: number;
  rowsScored: number;
  rowsRejected: number;
  /** The output file's columns for the scored rows: the input columns, then the prediction columns. */
  columns: DecodedArray[];
  /** errors.csv rows (`row,record,reason\n`), the row its 1-based position in the file. */
  errors: string;
}

export interface ScoreRowGroupOptions {
  model: Model;
  /** featureColumns[f]: the input column index of model feature f. */
  featureColumns: readonly number[];
  /** The input columns' names (for the rejected rows' reasons). */
  columnNames: readonly string[];
  /** Rows per model.predict call. */
  batchRows: number;
}

/**
 * Scores a decoded row group: each row's features (numbers, bigints narrowed to numbers) into float32, rows whose
 * feature is missing (null), NaN, infinite or beyond float32 rejected with the reason, as the CSV path rejects
 * them; the rest scored in batches of `batchRows` and given the model's columns.
 */
export async function scoreRowGroup(group: DecodedRowGroup, options: ScoreRowGroupOptions): Promise<ScoredRowGroup> {
  const { model, featureColumns } = options;
  const width = featureColumns.length;
  const features = new Float32Array(group.rows * width);
  const kept: number[] = [];
  let errors = '';
  for (let r = 0; r < group.rows; r++) {
    const problem = readFeatures(group, r, options, features, kept.length * width);
    if (problem === undefined) kept.push(r);
    else errors += `${csvLine([String(group.firstRow + r + 1), csvLine(recordCells(group, r)), problem])}\n`;
  }
  const predictions: Predictions[] = [];
  for (let from = 0; from < kept.length; from += options.batchRows) {
    const rows = Math.min(options.batchRows, kept.length - from);
    predictions.push(await model.predict(features.subarray(from * width, (from + rows) * width), rows));
  }
  const passthrough = kept.length === group.rows ? group.columns : group.columns.map((column) => pick(column, kept));
  return {
    rowsIn: group.rows,
    rowsScored: kept.length,
    rowsRejected: group.rows - kept.length,
    columns: [...passthrough, ...predictionColumns(model, predictions, kept.length)],
    errors,
  };
}

/** Writes row r's features at `at`; returns why the row is rejected, or undefined. */
function readFeatures(group: DecodedRowGroup, r: number, options: ScoreRowGroupOptions, out: Float32Array, at: number): string | undefined {
  const { featureColumns, columnNames } = options;
  for (let f = 0; f < featureColumns.length; f++) {
    const column = featureColumns[f]!;
    const value = group.columns[column]![r];
    const number = typeof value === 'bigint' ? Number(value) : value;
    if (typeof number !== 'number')
      return `${columnNames[column]}: ${value === null || value === undefined ? 'empty value' : `not a number: ${JSON.stringify(cellText(value))}`}`;
    if (Number.isNaN(number)) return `${columnNames[column]}: NaN is not a number`;
    if (!Number.isFinite(number)) return `${columnNames[column]}: infinite value`;
    if (!fitsFloat32(number)) return `${columnNames[column]}: value out of float32 range`;
    out[at + f] = number;
  }
  return undefined;
}

function pick(column: DecodedArray, rows: readonly number[]): DecodedArray {
  const picked: unknown[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) picked[i] = column[rows[i]!];
  return picked as DecodedArray;
}

/** A classifier's class index, label and per-class probabilities; a regressor's value (widened to double). */
function predictionColumns(model: Model, batches: readonly Predictions[], rows: number): DecodedArray[] {
  const info = model.info;
  if (info.kind === 'regressor') {
    const values = new Float64Array(rows);
    let at = 0;
    for (const p of batches) {
      if (p.kind !== 'regressor') throw new Error('a regressor returned class predictions');
      values.set(p.values, at);
      at += p.rows;
    }
    return [values];
  }
  const classes = info.classNames.length;
  const index = new Int32Array(rows);
  const labels: string[] = new Array(rows);
  const probabilities = Array.from({ length: classes }, () => new Float32Array(rows));
  let at = 0;
  for (const p of batches) {
    if (p.kind !== 'classifier') throw new Error('a classifier returned regression values');
    for (let r = 0; r < p.rows; r++, at++) {
      const k = p.classIndex[r]!;
      if (!(k >= 0 && k < classes)) throw new Error(`model returned class index ${k} outside 0..${classes - 1}`);
      index[at] = k;
      labels[at] = info.classNames[k]!;
      for (let c = 0; c < classes; c++) probabilities[c]![at] = p.probabilities[r * classes + c]!;
    }
  }
  return [index, labels, ...probabilities];
}

/** Row r's cells as text, for errors.csv's record column. */
function recordCells(group: DecodedRowGroup, r: number): string[] {
  return group.columns.map((column) => cellText(column[r]));
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'object') return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
  return String(value);
}
