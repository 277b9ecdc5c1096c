import { CR, RecordScan, quotesOdd } from './record-scan.ts';

/**
 * Splits a byte stream into CSV records where RecordScan finds record ends (`\n` outside double quotes), the rule
 * the chunk planner cuts by too (functions/lib/chunks), so scoring chunk by chunk sees exactly the whole file's records.
 * Memory: at most one partial record (≤ maxRecordBytes) is carried between pushes; longer records are skipped
 * while streaming and reported as oversized with their first bytes.
 */
export interface RecordSink {
  /** Record bytes [start, end) of `data`, terminator (LF or CRLF) excluded; `line` = 1-based line of its start. */
  record(data: Buffer, start: number, end: number, line: number, hasQuote: boolean): void;
  /**
   * A record longer than maxRecordBytes; `head` holds its first bytes, `quoteOpenAtLimit` whether a quoted field is
   * still open maxRecordBytes into it. Only the record's first bytes decide it, so a record reads the same whether
   * it was seen whole or cut off past the limit (a chunk's read stops one longest record past its range).
   */
  oversized(head: Buffer, line: number, quoteOpenAtLimit: boolean): void;
}

export interface RecordSplitterOptions {
  /** Line number of the input's first byte (a chunk that starts inside a file). Default 1. */
  firstLine?: number;
  /**
   * Stop after the first record that ends at or after this input offset: its range ends there and the next begins
   * with the following record. Later pushes are ignored. Default: split to the end of the input.
   */
  stopAt?: number;
  /**
   * False when the input was cut off before the end of the file: a record still open at its end is one longer than
   * the cut-off allows (an over-long record), not the file's last record. Default true.
   */
  endsFile?: boolean;
  /** False: records are lines, `"` quotes nothing (JSON Lines; record-scan.ts). Default true: CSV. */
  quoting?: boolean;
}

/** Bytes of an over-long record kept for its error row. */
export const OVERSIZED_HEAD_BYTES = 1024;
const HEAD_BYTES = OVERSIZED_HEAD_BYTES;
const EMPTY = Buffer.alloc(0);

export class RecordSplitter {
  /** Bytes pushed so far. */
  bytes = 0;
  /**
   * Set by end(): the input ended just past a record terminator, outside quotes (or was empty). A chunk of a
   * larger file must end so: otherwise its cut fell inside a record, and the next chunk's records are not the file's.
   */
  endedOnRecordBoundary = false;
  /** Once stopped (see RecordSplitterOptions.stopAt): the input offset just past the last record's terminator. */
  stoppedAt: number | null = null;
  private carry: Buffer = EMPTY;
  private scanned = 0;
  private readonly scan: RecordScan;
  private readonly quoting: boolean;
  /** `\n`s that ended a record (the others, inside quotes, are counted by the scan). */
  private recordEnds = 0;
  private recordLine = 1;
  private skippedHead: Buffer | null = null;
  private skippedOpenQuote = false;
  private readonly maxRecordBytes: number;
  private readonly sink: RecordSink;
  private readonly lineBase: number;
  private readonly stopAt: number;
  private readonly endsFile: boolean;

  constructor(maxRecordBytes: number, sink: RecordSink, options: RecordSplitterOptions = {}) {
    this.maxRecordBytes = maxRecordBytes;
    this.sink = sink;
    this.lineBase = (options.firstLine ?? 1) - 1;
    this.recordLine = this.lineBase + 1;
    this.stopAt = options.stopAt ?? Number.POSITIVE_INFINITY;
    this.endsFile = options.endsFile ?? true;
    this.quoting = options.quoting ?? true;
    this.scan = new RecordScan({ countQuotedNewlines: true, quoting: this.quoting });
  }

  /** A stopAt was given and reached: further input is not part of the range. */
  get stopped(): boolean {
    return this.stoppedAt !== null;
  }

  /** Newline bytes seen so far. */
  get lines(): number {
    return this.recordEnds + this.scan.quotedNewlines;
  }

  push(chunk: Buffer): void {
    if (this.stoppedAt !== null) return;
    const dataStart = this.bytes - this.carry.length;
    this.bytes += chunk.length;
    const data = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const scan = this.scan;
    scan.load(data);
    let recordStart = 0;
    let from = this.scanned;
    for (;;) {
      const lf = scan.recordEnd(from);
      if (lf === -1) break;
      this.emit(data, recordStart, lf);
      this.recordEnds++;
      recordStart = from = lf + 1;
      this.startRecord();
      if (dataStart + lf >= this.stopAt) {
        this.stoppedAt = dataStart + lf + 1;
        this.carry = EMPTY;
        this.endedOnRecordBoundary = true;
        return;
      }
    }
    this.keepPartial(data, recordStart);
  }

  /** End of input: a last record without a terminator is still a record. */
  end(): void {
    if (this.stoppedAt !== null) return;
    this.endedOnRecordBoundary = !this.scan.inQuotes && this.skippedHead === null && this.carry.length === 0;
    if (this.skippedHead) {
      this.sink.oversized(this.skippedHead, this.recordLine, this.skippedOpenQuote);
    } else if (this.carry.length > 0) {
      let end = this.carry.length;
      if (!this.scan.inQuotes && this.carry[end - 1] === CR) end--;
      // Cut off before the end of the file, an open record is not the file's last: it is longer than the cut-off allows.
      if (end > this.maxRecordBytes || !this.endsFile) this.oversized(this.carry, 0, end);
      else this.sink.record(this.carry, 0, end, this.recordLine, this.scan.sawQuote);
    }
    this.carry = EMPTY;
    this.skippedHead = null;
  }

  private emit(data: Buffer, start: number, lf: number): void {
    if (this.skippedHead) {
      this.sink.oversized(this.skippedHead, this.recordLine, this.skippedOpenQuote);
      return;
    }
    const end = lf > start && data[lf - 1] === CR ? lf - 1 : lf;
    if (end - start > this.maxRecordBytes) {
      this.oversized(data, start, end);
    } else {
      this.sink.record(data, start, end, this.recordLine, this.scan.sawQuote);
    }
  }

  /** Reports record bytes [start, end) of `data` as over-long. */
  private oversized(data: Buffer, start: number, end: number): void {
    const head = Buffer.from(data.subarray(start, Math.min(end, start + HEAD_BYTES)));
    this.sink.oversized(head, this.recordLine, this.quoteOpenAtLimit(data, start));
  }

  /** A record starts outside quotes, so an odd count of `"` in its first maxRecordBytes leaves a quoted field open. */
  private quoteOpenAtLimit(data: Buffer, start: number): boolean {
    return this.quoting && quotesOdd(data.subarray(start, start + this.maxRecordBytes));
  }

  private startRecord(): void {
    this.recordLine = this.lineBase + this.lines + 1;
    this.scan.sawQuote = false;
    this.skippedHead = null;
  }

  /** Carries the unfinished record over; once it outgrows the limit only its head is kept. */
  private keepPartial(data: Buffer, start: number): void {
    // +1: a CR that the next push shows to be half of a CRLF terminator does not count. Skipping starts only once a
    // whole head is held, so the reported head never depends on how the input was split into pushes.
    if (this.skippedHead === null && data.length - start > Math.max(this.maxRecordBytes + 1, HEAD_BYTES)) {
      this.skippedHead = Buffer.from(data.subarray(start, start + HEAD_BYTES));
      this.skippedOpenQuote = this.quoteOpenAtLimit(data, start);
    }
    if (this.skippedHead) {
      this.carry = EMPTY;
      this.scanned = 0;
      return;
    }
    this.carry = data.subarray(start);
    this.scanned = data.length - start;
  }
}
