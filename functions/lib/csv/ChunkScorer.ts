import { isUtf8 } from 'node:buffer';
import type { ModelInfo } from '../model/types.ts';
import { batchFeatureType } from '../model/feature-values.ts';
import { stageRow, stageText } from './row-batch.ts';
import { ModelMismatchError } from './errors.ts';
import { isFormulaTrigger, needsNeutralising, neutraliseCell } from './neutralise.ts';
import { isPlainNumber, numberProblem, parseNumberBytes, parseNumberText } from './number-field.ts';
import { csvLine, scoredColumnsSuffix, type OutputColumns } from './output-format.ts';
import { parseHeaderRecord, skipBom } from './record/header-record.ts';
import { fieldRanges, fieldText, scanQuotedRecord } from './record/quoted-record.ts';
import type { FieldRanges } from './record/quoted-record.ts';
import type { RecordSplitterOptions } from './record/RecordSplitter.ts';
import { isBlankLine, RowBatcher } from './RowBatcher.ts';
import type { ColumnMapping } from './types.ts';

export interface ChunkScorerOptions {
  columns: ColumnMapping;
  chunkIndex: number;
  info: Pick<ModelInfo, 'featureNames' | 'featureCount'> & Partial<Pick<ModelInfo, 'inputType'>> & OutputColumns;
  /** The job's shadow model, when it has one: its columns follow the model's in the output header. */
  shadow?: OutputColumns & Partial<Pick<ModelInfo, 'inputType'>>;
  batchRows: number;
  maxRecordBytes: number;
  /** Where the input sits in the file: its first line, where its records stop, whether it reaches the file's end. */
  range?: RecordSplitterOptions;
}

/** Exact powers of ten for plain decimals of up to 15 digits. */
const POW10 = Array.from({ length: 16 }, (_, i) => Number(`1e${i}`));

/**
 * The synchronous core of chunk scoring: records in (via RecordSplitter), validated rows packed into batches,
 * rejected rows as `line,record,reason` CSV text (the bookkeeping is RowBatcher's). Every non-blank data record is
 * counted once in rowsIn and then exactly once in rowsScored or rowsRejected. Blank and whitespace-only lines are
 * not records: skipped, uncounted.
 */
export class ChunkScorer extends RowBatcher {
  private readonly options: ChunkScorerOptions;
  private readonly commas: Int32Array;
  /** Per field of the current plain record: its value when it is a plain decimal, else NaN. */
  private readonly values: Float64Array;
  private readonly ranges: FieldRanges;
  private header: string | null = null;
  private awaitingHeader: boolean;
  private firstRecord = true;

  constructor(options: ChunkScorerOptions) {
    const { columns, info } = options;
    if (columns.featureColumns.length !== info.featureCount) {
      throw new ModelMismatchError(`job maps ${columns.featureColumns.length} features but the model takes ${info.featureCount}`);
    }
    const featureType = batchFeatureType(info.inputType, options.shadow?.inputType);
    super({
      batchRows: options.batchRows,
      featureCount: info.featureCount,
      featureType,
      maxRecordBytes: options.maxRecordBytes,
      range: options.range,
    });
    this.options = options;
    this.commas = new Int32Array(columns.width);
    this.values = new Float64Array(columns.width);
    this.ranges = fieldRanges(columns.width);
    this.awaitingHeader = options.chunkIndex === 0 && columns.hasHeader;
    if (options.chunkIndex === 0 && !columns.hasHeader) this.header = `${csvLine(info.featureNames)}${this.outputSuffix()}\n`;
  }

  private outputSuffix(): string {
    return scoredColumnsSuffix(this.options.info, this.options.shadow);
  }

  /** The output header line, once (chunk 0 only, after its header record was seen). */
  takeHeader(): string | null {
    const header = this.header;
    this.header = null;
    return header;
  }

  override record(data: Buffer, start: number, end: number, line: number, hasQuote: boolean): void {
    if (this.firstRecord) {
      this.firstRecord = false;
      if (this.awaitingHeader) {
        this.awaitingHeader = false;
        this.header = `${headerLine(data, start, end)}${this.outputSuffix()}\n`;
        return;
      }
      if (this.options.chunkIndex === 0) start = skipBom(data, start, end);
    }
    if (isBlankLine(data, start, end)) return;
    this.rowsIn++;
    if (hasQuote) this.quotedRecord(data, start, end, line);
    else this.plainRecord(data, start, end, line);
  }

  override oversized(head: Buffer, line: number, quoteOpenAtLimit: boolean): void {
    if (this.firstRecord) {
      this.firstRecord = false;
      this.awaitingHeader = false;
    }
    this.rowsIn++;
    const hint = quoteOpenAtLimit
      ? ` (a quoted field is still open ${this.options.maxRecordBytes} bytes into it: a quote that is never closed makes the rest of the input one record)`
      : '';
    this.reject(line, head, 0, head.length, `record longer than ${this.options.maxRecordBytes} bytes${hint}`, true);
  }

  /**
   * Fast path, no quotes: fields are the bytes between commas. One pass finds the commas and, on the way, reads
   * every field that is a plain decimal (`-?digits[.digits]`, at most 15 digits, so the value is exact: Clinger's
   * fast path). Features in any other form (exponents, spaces, `+`, bad text) go through parseNumberBytes.
   */
  private plainRecord(data: Buffer, start: number, end: number, line: number): void {
    const { width, featureColumns } = this.options.columns;
    const commas = this.commas;
    const values = this.values;
    let count = 0;
    let flags = 0;
    let mantissa = 0;
    let digits = 0;
    let fraction = -1;
    let negative = false;
    let plain = true;
    let fieldStart = start;
    for (let i = start; i < end; i++) {
      const c = data[i];
      const d = c - 0x30;
      if (d >= 0 && d <= 9) {
        mantissa = mantissa * 10 + d;
        digits++;
        if (fraction >= 0) fraction++;
      } else if (c === 0x2c) {
        if (count < width) {
          commas[count] = i;
          values[count] = plain ? plainValue(mantissa, digits, fraction, negative) : NaN;
        }
        count++;
        mantissa = 0;
        digits = 0;
        fraction = -1;
        negative = false;
        plain = true;
        fieldStart = i + 1;
      } else if (c === 0x2e && fraction < 0) {
        fraction = 0;
      } else if (c === 0x2d && i === fieldStart) {
        negative = true;
      } else {
        plain = false;
        if (c < 0x0e) flags |= c === 0 ? 1 : c === 0x0d ? 2 : 0;
        else if (c > 0x7f) flags |= 4;
      }
    }
    if (count < width) values[count] = plain ? plainValue(mantissa, digits, fraction, negative) : NaN;
    // Byte problems first: a bare CR (CR-only line ends) also splits fields oddly, and saying so is the useful reason.
    const problem =
      recordProblem(data, start, end, flags) ?? (count + 1 !== width ? `expected ${width} fields, found ${count + 1}` : undefined);
    if (problem) return this.reject(line, data, start, end, problem);
    const features = this.batch.features;
    let slot = this.batch.rows * featureColumns.length;
    for (let f = 0; f < featureColumns.length; f++) {
      const col = featureColumns[f];
      let value = values[col];
      if (Number.isNaN(value)) {
        const s = col === 0 ? start : commas[col - 1] + 1;
        const e = col === width - 1 ? end : commas[col];
        value = parseNumberBytes(data, s, e);
        if (Number.isNaN(value) || !this.fitsFeature(value)) {
          return this.reject(line, data, start, end, this.featureProblem(f, data.toString('utf8', s, e)));
        }
      }
      features[slot++] = value;
    }
    if (this.plainNeedsNeutralising(data, start, end)) {
      stageText(this.batch, data.toString('utf8', start, end).split(',').map(neutraliseCell).join(','));
    } else {
      stageRow(this.batch, data, start, end);
    }
    this.accepted();
  }

  /** A cell starting with a formula trigger needs neutralising unless it is a number (`-1.5` stays as it is). */
  private plainNeedsNeutralising(data: Buffer, start: number, end: number): boolean {
    const { width } = this.options.columns;
    for (let k = 0; k < width; k++) {
      const s = k === 0 ? start : this.commas[k - 1] + 1;
      if (s >= end || !isFormulaTrigger(data[s]) || !Number.isNaN(this.values[k])) continue;
      const e = k === width - 1 ? end : this.commas[k];
      if (!isPlainNumber(data.toString('latin1', s, e))) return true;
    }
    return false;
  }

  /** Records holding quotes: strict RFC 4180 field ranges, passthrough bytes kept unless a cell is neutralised. */
  private quotedRecord(data: Buffer, start: number, end: number, line: number): void {
    const { width, featureColumns } = this.options.columns;
    const ranges = this.ranges;
    const record = data.subarray(start, end);
    const problem =
      scanQuotedRecord(data, start, end, ranges) ??
      (ranges.count !== width ? `expected ${width} fields, found ${ranges.count}` : undefined) ??
      recordProblem(data, start, end, 4 | (record.includes(0) ? 1 : 0));
    if (problem) return this.reject(line, data, start, end, problem);
    const features = this.batch.features;
    const slot = this.batch.rows * featureColumns.length;
    for (let f = 0; f < featureColumns.length; f++) {
      const k = featureColumns[f];
      const value = ranges.escaped[k]
        ? parseNumberText(fieldText(data, ranges, k))
        : parseNumberBytes(data, ranges.starts[k], ranges.ends[k]);
      if (Number.isNaN(value) || !this.fitsFeature(value))
        return this.reject(line, data, start, end, this.featureProblem(f, fieldText(data, ranges, k)));
      features[slot + f] = value;
    }
    if (this.quotedNeedsNeutralising(data)) {
      stageText(this.batch, csvLine(Array.from({ length: width }, (_, k) => fieldText(data, ranges, k))));
    } else {
      stageRow(this.batch, data, start, end);
    }
    this.accepted();
  }

  private quotedNeedsNeutralising(data: Buffer): boolean {
    const ranges = this.ranges;
    for (let k = 0; k < ranges.count; k++) {
      if (ranges.starts[k] < ranges.ends[k] && isFormulaTrigger(data[ranges.starts[k]]) && needsNeutralising(fieldText(data, ranges, k)))
        return true;
    }
    return false;
  }

  private featureProblem(feature: number, text: string): string {
    return `${this.options.info.featureNames[feature]}: ${numberProblem(text, this.featureType)}`;
  }
}

/** `-?digits[.digits]` read by plainRecord → its double; NaN when there were no digits or too many to be exact. */
function plainValue(mantissa: number, digits: number, fraction: number, negative: boolean): number {
  if (digits === 0 || digits > 15) return NaN;
  const value = fraction > 0 ? mantissa / POW10[fraction] : mantissa;
  return negative ? -value : value;
}

/** flags: 1 = NUL byte, 2 = CR inside the record, 4 = non-ASCII bytes (checked for UTF-8 validity). */
function recordProblem(data: Buffer, start: number, end: number, flags: number): string | undefined {
  if (flags & 1) return 'NUL byte in record (binary data is not CSV)';
  if (flags & 2) return 'carriage return inside a record (CR-only line ends are not supported)';
  if (flags & 4 && !isUtf8(data.subarray(start, end))) return 'record is not valid UTF-8';
  return undefined;
}

/**
 * The input header (BOM dropped) as the output header's first cells: kept as written unless a cell must be
 * neutralised. Parsed by the parser ingest matched it with, so the names seen there are the names written here.
 */
function headerLine(data: Buffer, start: number, end: number): string {
  const parsed = parseHeaderRecord(data, start, end);
  if (parsed.ok && parsed.fields.some(needsNeutralising)) return csvLine(parsed.fields);
  return data.toString('utf8', skipBom(data, start, end), end);
}
