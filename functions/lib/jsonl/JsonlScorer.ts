import { isUtf8 } from 'node:buffer';
import { newBatch, resetBatch, stageRow } from '../csv/row-batch.ts';
import type { Batch } from '../csv/row-batch.ts';
import { csvLine } from '../csv/output-format.ts';
import { fitsFloat32, numberProblem, parseNumberText } from '../csv/number-field.ts';
import { skipBom } from '../csv/record/header-record.ts';
import { RecordSplitter } from '../csv/record/RecordSplitter.ts';
import type { RecordSink, RecordSplitterOptions } from '../csv/record/RecordSplitter.ts';
import type { ColumnPair } from '../csv/columns-metadata.ts';
import { FeatureKeys } from './feature-keys.ts';

export interface JsonlScorerOptions {
  featureNames: readonly string[];
  /** The upload's explicit feature=key pairs (x-amz-meta-columns), checked before names. */
  pairs: readonly ColumnPair[];
  chunkIndex: number;
  batchRows: number;
  /** Longest line accepted (bytes, terminator excluded); longer ones are rejected rows. */
  maxRecordBytes: number;
  range?: Omit<RecordSplitterOptions, 'quoting'>;
}

const ERROR_RECORD_CHARS = 1024;
const STAGE_LIMIT = 8 * 1024 * 1024;
const SPARE_BATCHES = 2;
const SPARE_STAGE_LIMIT = 1024 * 1024;

/**
 * The synchronous core of JSON Lines scoring, ChunkScorer's twin: lines in (RecordSplitter without quoting: every
 * `\n` ends a line), each non-blank line parsed as one JSON object, its features found by key (FeatureKeys) and
 * packed into batches; the staged output bytes are the line's own bytes up to (not including) its closing `}`, so
 * rendering splices the prediction fields in without re-serialising the object. A line that is not valid UTF-8,
 * not valid JSON, not an object, or lacks a feature or holds a non-numeric one is rejected as
 * `line,record,reason` CSV. rowsIn = rowsScored + rowsRejected; blank lines are not rows.
 */
export class JsonlScorer implements RecordSink {
  rowsIn = 0;
  rowsScored = 0;
  rowsRejected = 0;
  private readonly options: JsonlScorerOptions;
  private readonly splitter: RecordSplitter;
  private readonly keys: FeatureKeys;
  private readonly featureCount: number;
  private batch: Batch;
  private ready: Batch[] = [];
  private spare: Batch[] = [];
  private errors: string[] = [];
  private firstRecord = true;

  constructor(options: JsonlScorerOptions) {
    this.options = options;
    this.featureCount = options.featureNames.length;
    this.splitter = new RecordSplitter(options.maxRecordBytes, this, { ...options.range, quoting: false });
    this.keys = new FeatureKeys(options.featureNames, options.pairs);
    this.batch = newBatch(options.batchRows, this.featureCount);
  }

  get lines(): number {
    return this.splitter.lines;
  }

  get stopped(): boolean {
    return this.splitter.stopped;
  }

  /** As ChunkScorer.recordsEnd: input bytes of the range's lines, or null when cut off inside an over-long line. */
  get recordsEnd(): number | null {
    const splitter = this.splitter;
    if (splitter.stoppedAt !== null) return splitter.stoppedAt;
    return this.options.range?.endsFile === false && !splitter.endedOnRecordBoundary ? null : splitter.bytes;
  }

  push(bytes: Buffer): void {
    this.splitter.push(bytes);
  }

  end(): void {
    this.splitter.end();
    if (this.batch.rows > 0) this.ready.push(this.batch);
    this.batch = newBatch(1, this.featureCount);
  }

  takeBatches(): Batch[] {
    const ready = this.ready;
    this.ready = [];
    return ready;
  }

  recycle(batch: Batch): void {
    if (this.spare.length >= SPARE_BATCHES || batch.rowEnds.length !== this.options.batchRows || batch.stage.length > SPARE_STAGE_LIMIT)
      return;
    this.spare.push(resetBatch(batch));
  }

  takeErrors(): Buffer | null {
    if (this.errors.length === 0) return null;
    const rows = Buffer.from(this.errors.join(''));
    this.errors = [];
    return rows;
  }

  record(data: Buffer, start: number, end: number, line: number): void {
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

  oversized(head: Buffer, line: number): void {
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
      if (Number.isNaN(value) || !fitsFloat32(value)) return this.reject(line, data, start, end, this.featureProblem(f, cell));
      features[slot + f] = value;
    }
    stageRow(this.batch, data, start, closingBrace(data, start, end));
    this.accepted();
  }

  private featureProblem(f: number, cell: unknown): string {
    const name = this.options.featureNames[f];
    if (typeof cell === 'string') return `${name}: ${numberProblem(cell)}`;
    if (typeof cell === 'number') return `${name}: value out of float32 range`;
    return `${name}: not a number: ${cell === null ? 'null' : `a JSON ${kindOf(cell)}`}`;
  }

  private accepted(): void {
    this.rowsScored++;
    const batch = this.batch;
    if (batch.rows === this.options.batchRows || batch.stageUsed >= STAGE_LIMIT) {
      this.ready.push(batch);
      this.batch = this.spare.pop() ?? newBatch(this.options.batchRows, this.featureCount);
    }
  }

  private reject(line: number, data: Buffer, start: number, end: number, reason: string, truncated = false): void {
    this.rowsRejected++;
    const long = truncated || end - start > ERROR_RECORD_CHARS;
    const text = data.toString('utf8', start, Math.min(end, start + ERROR_RECORD_CHARS)) + (long ? '…' : '');
    this.errors.push(`${csvLine([String(line), text, reason])}\n`);
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

function isBlankLine(data: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = data[i];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}
