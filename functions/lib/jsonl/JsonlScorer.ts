import { isUtf8 } from 'node:buffer';
import { stageRow } from '../csv/row-batch.ts';
import { numberProblem, parseNumberText } from '../csv/number-field.ts';
import type { FeatureType } from '../model/feature-values.ts';
import { skipBom } from '../csv/record/header-record.ts';
import type { RecordSplitterOptions } from '../csv/record/RecordSplitter.ts';
import { isBlankLine, RowBatcher } from '../csv/RowBatcher.ts';
import type { ColumnPair } from '../csv/columns-metadata.ts';
import { FeatureKeys } from './feature-keys.ts';

export interface JsonlScorerOptions {
  featureNames: readonly string[];
  /** The upload's explicit feature=key pairs (x-amz-meta-columns), checked before names. */
  pairs: readonly ColumnPair[];
  chunkIndex: number;
  batchRows: number;
  /** The precision features are parsed into (the model input's, or float64 when its shadow's is; default float32). */
  featureType?: FeatureType;
  /** Longest line accepted (bytes, terminator excluded); longer ones are rejected rows. */
  maxRecordBytes: number;
  range?: Omit<RecordSplitterOptions, 'quoting'>;
}

/**
 * The synchronous core of JSON Lines scoring, ChunkScorer's twin: lines in (RecordSplitter without quoting: every
 * `\n` ends a line), each non-blank line parsed as one JSON object, its features found by key (FeatureKeys) and
 * packed into batches; the staged output bytes are the line's own bytes up to (not including) its closing `}`, so
 * rendering splices the prediction fields in without re-serialising the object. A line that is not valid UTF-8,
 * not valid JSON, not an object, or lacks a feature or holds a non-numeric one is rejected as
 * `line,record,reason` CSV. rowsIn = rowsScored + rowsRejected; blank lines are not rows.
 */
export class JsonlScorer extends RowBatcher {
  private readonly options: JsonlScorerOptions;
  private readonly keys: FeatureKeys;
  private firstRecord = true;

  constructor(options: JsonlScorerOptions) {
    const { featureNames, batchRows, maxRecordBytes, featureType } = options;
    super({ batchRows, featureCount: featureNames.length, featureType, maxRecordBytes, range: { ...options.range, quoting: false } });
    this.options = options;
    this.keys = new FeatureKeys(featureNames, options.pairs);
  }

  override record(data: Buffer, start: number, end: number, line: number): void {
    if (this.firstRecord) {
      this.firstRecord = false;
      // A UTF-8 BOM before the file's first line is an encoding mark, not text (RFC 8259 lets parsers ignore it).
      if (this.options.chunkIndex === 0) start = skipBom(data, start, end);
    }
    if (isBlankLine(data, start, end)) return;
    this.rowsIn++;
    if (!isUtf8(data.subarray(start, end))) return this.reject(line, data, start, end, 'line is not valid UTF-8');
    let value: unknown;
    try {
      value = JSON.parse(data.toString('utf8', start, end));
    } catch (error) {
      return this.reject(line, data, start, end, `not valid JSON: ${(error as Error).message}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return this.reject(line, data, start, end, `not a JSON object: a top-level ${kindOf(value)}; each line must be one object`);
    }
    this.object(value as Record<string, unknown>, data, start, end, line);
  }

  override oversized(head: Buffer, line: number): void {
    this.firstRecord = false;
    this.rowsIn++;
    this.reject(line, head, 0, head.length, `line longer than ${this.options.maxRecordBytes} bytes`, true);
  }

  private object(object: Record<string, unknown>, data: Buffer, start: number, end: number, line: number): void {
    const keys = Object.keys(object);
    const matched = this.keys.match(keys);
    if (!matched.ok) return this.reject(line, data, start, end, matched.reason);
    const features = this.batch.features;
    const slot = this.batch.rows * this.featureCount;
    for (let f = 0; f < this.featureCount; f++) {
      const cell = object[keys[matched.featureKeys[f]]!];
      const value = typeof cell === 'number' ? cell : typeof cell === 'string' ? parseNumberText(cell) : Number.NaN;
      if (Number.isNaN(value) || !this.fitsFeature(value)) return this.reject(line, data, start, end, this.featureProblem(f, cell));
      features[slot + f] = value;
    }
    stageRow(this.batch, data, start, closingBrace(data, start, end));
    this.accepted();
  }

  private featureProblem(f: number, cell: unknown): string {
    const name = this.options.featureNames[f];
    if (typeof cell === 'string') return `${name}: ${numberProblem(cell, this.featureType)}`;
    if (typeof cell === 'number') return `${name}: value out of ${this.featureType} range`;
    return `${name}: not a number: ${cell === null ? 'null' : `a JSON ${kindOf(cell)}`}`;
  }
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'object' : typeof value;
}

/** The index of a parsed object's closing `}`: its last byte but trailing JSON whitespace. */
function closingBrace(data: Buffer, start: number, end: number): number {
  let at = end - 1;
  while (at > start && data[at] !== 0x7d) at--;
  return at;
}
