import { csvLine } from './output-format.ts';
import { newBatch, resetBatch } from './row-batch.ts';
import type { Batch } from './row-batch.ts';
import { RecordSplitter } from './record/RecordSplitter.ts';
import type { RecordSink, RecordSplitterOptions } from './record/RecordSplitter.ts';
import { fitsInput, type FeatureType } from '../model/feature-values.ts';

export interface RowBatcherOptions {
  batchRows: number;
  featureCount: number;
  /** The precision features are parsed into (the model input's; default float32). */
  featureType?: FeatureType;
  maxRecordBytes: number;
  /** Where the input sits in the file: its first line, where its records stop, whether it reaches the file's end. */
  range?: RecordSplitterOptions;
}

/** Staged passthrough bytes above which a batch is scored early (bounds memory for wide rows). */
const STAGE_LIMIT = 8 * 1024 * 1024;
const ERROR_RECORD_CHARS = 1024;
/** Starting size of the error-row buffer; it grows to the largest run of rejected rows between two flushes. */
const ERROR_BUFFER_BYTES = 64 * 1024;
/** Rendered batches kept for reuse: one is filled while the previous is scored; a bigger stage is let go. */
const SPARE_BATCHES = 2;
const SPARE_STAGE_LIMIT = 1024 * 1024;

/**
 * What every chunk scorer keeps besides parsing its format: records in (via RecordSplitter), accepted rows packed
 * into batches handed out for scoring and recycled, rejected rows rendered as `line,record,reason` CSV, and the
 * counts. A subclass parses each record, writes its features into `batch` and calls `accepted` or `reject`; it
 * extends this class (rather than holding one) so the per-row path reads `this.batch` with no extra hop.
 */
export abstract class RowBatcher implements RecordSink {
  rowsIn = 0;
  rowsScored = 0;
  rowsRejected = 0;
  protected readonly featureCount: number;
  protected readonly featureType: FeatureType;
  /** Whether a parsed value fits the features' precision (feature-values.ts). */
  protected readonly fitsFeature: (value: number) => boolean;
  protected batch: Batch;
  private readonly batchRows: number;
  private readonly splitter: RecordSplitter;
  private readonly endsFile: boolean | undefined;
  private ready: Batch[] = [];
  private spare: Batch[] = [];
  /** Error rows rendered since the last takeErrors, as UTF-8 bytes: one growing buffer, not one string per row. */
  private errorBytes = Buffer.allocUnsafe(ERROR_BUFFER_BYTES);
  private errorUsed = 0;

  constructor(options: RowBatcherOptions) {
    this.batchRows = options.batchRows;
    this.featureCount = options.featureCount;
    this.featureType = options.featureType ?? 'float32';
    this.fitsFeature = fitsInput(this.featureType);
    this.endsFile = options.range?.endsFile;
    this.splitter = new RecordSplitter(options.maxRecordBytes, this, options.range);
    this.batch = newBatch(options.batchRows, options.featureCount, this.featureType);
  }

  abstract record(data: Buffer, start: number, end: number, line: number, hasQuote: boolean): void;
  abstract oversized(head: Buffer, line: number, quoteOpenAtLimit: boolean): void;

  /** Newline bytes seen (the chunk's physical line count once ended). */
  get lines(): number {
    return this.splitter.lines;
  }

  /** The range's stop was reached (RecordSplitterOptions.stopAt): the caller may stop reading. */
  get stopped(): boolean {
    return this.splitter.stopped;
  }

  /**
   * Once ended: input bytes that belong to the range's records — up to the stop, or all of them — or null when the
   * input was cut off inside an (over-long) record whose end it never saw.
   */
  get recordsEnd(): number | null {
    const splitter = this.splitter;
    if (splitter.stoppedAt !== null) return splitter.stoppedAt;
    return this.endsFile === false && !splitter.endedOnRecordBoundary ? null : splitter.bytes;
  }

  push(bytes: Buffer): void {
    this.splitter.push(bytes);
  }

  end(): void {
    this.splitter.end();
    if (this.batch.rows > 0) this.ready.push(this.batch);
    this.batch = newBatch(1, this.featureCount, this.featureType);
  }

  takeBatches(): Batch[] {
    const ready = this.ready;
    this.ready = [];
    return ready;
  }

  /** Hands back a batch whose rows were scored and rendered, to be filled again. */
  recycle(batch: Batch): void {
    if (this.spare.length >= SPARE_BATCHES || batch.rowEnds.length !== this.batchRows || batch.stage.length > SPARE_STAGE_LIMIT) return;
    this.spare.push(resetBatch(batch));
  }

  /** The error rows since the last call (a copy, so the scorer's buffer is reused), or null when there were none. */
  takeErrors(): Buffer | null {
    if (this.errorUsed === 0) return null;
    const rows = Buffer.from(this.errorBytes.subarray(0, this.errorUsed));
    this.errorUsed = 0;
    return rows;
  }

  /** The row just staged in `batch` is complete: counted, and its batch handed out once full. */
  protected accepted(): void {
    this.rowsScored++;
    const batch = this.batch;
    if (batch.rows === this.batchRows || batch.stageUsed >= STAGE_LIMIT) {
      this.ready.push(batch);
      this.batch = this.spare.pop() ?? newBatch(this.batchRows, this.featureCount, this.featureType);
    }
  }

  /** Counts the record as rejected and renders its error row (the record cut to ERROR_RECORD_CHARS). */
  protected reject(line: number, data: Buffer, start: number, end: number, reason: string, truncated = false): void {
    this.rowsRejected++;
    const long = truncated || end - start > ERROR_RECORD_CHARS;
    const text = data.toString('utf8', start, Math.min(end, start + ERROR_RECORD_CHARS)) + (long ? '…' : '');
    this.appendError(`${csvLine([String(line), text, reason])}\n`);
  }

  private appendError(row: string): void {
    const needed = this.errorUsed + Buffer.byteLength(row);
    if (needed > this.errorBytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.errorBytes.length * 2));
      this.errorBytes.copy(grown, 0, 0, this.errorUsed);
      this.errorBytes = grown;
    }
    this.errorUsed += this.errorBytes.write(row, this.errorUsed);
  }
}

/** Blank and whitespace-only lines are not records: skipped, uncounted. */
export function isBlankLine(data: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = data[i];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}
