/**
 * Splits a byte stream into CSV records: a record ends at a `\n` outside double quotes (quote parity: RFC 4180's
 * doubled quotes toggle twice, so plain toggling is exact). The same rule places chunk boundaries
 * (functions/lib/chunks), so scoring chunk by chunk sees exactly the records of the whole file.
 * Memory: at most one partial record (≤ maxRecordBytes) is carried between pushes; longer records are skipped
 * while streaming and reported as oversized with their first bytes.
 */
export interface RecordSink {
  /** Record bytes [start, end) of `data`, terminator (LF or CRLF) excluded; `line` = 1-based line of its start. */
  record(data: Buffer, start: number, end: number, line: number, hasQuote: boolean): void;
  /** A record longer than maxRecordBytes; `head` holds its first bytes, `closed` whether its quotes were balanced. */
  oversized(head: Buffer, line: number, closed: boolean): void;
}

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const HEAD_BYTES = 1024;
const EMPTY = Buffer.alloc(0);

export class RecordSplitter {
  /** Newline bytes seen so far. */
  lines = 0;
  /** Bytes pushed so far. */
  bytes = 0;
  /**
   * Set by end(): the input ended just past a record terminator, outside quotes (or was empty). A chunk of a
   * larger file must end so: otherwise its cut fell inside a record, and the next chunk's records are not the file's.
   */
  endedOnRecordBoundary = false;
  private carry: Buffer = EMPTY;
  private scanned = 0;
  private inQuotes = false;
  private hasQuote = false;
  private recordLine = 1;
  private skippedHead: Buffer | null = null;
  private readonly maxRecordBytes: number;
  private readonly sink: RecordSink;

  constructor(maxRecordBytes: number, sink: RecordSink) {
    this.maxRecordBytes = maxRecordBytes;
    this.sink = sink;
  }

  push(chunk: Buffer): void {
    this.bytes += chunk.length;
    const data = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    let recordStart = 0;
    let i = this.scanned;
    let nextQuote = data.indexOf(QUOTE, i);
    for (;;) {
      if (nextQuote !== -1 && nextQuote < i) nextQuote = data.indexOf(QUOTE, i);
      if (this.inQuotes) {
        if (nextQuote === -1) { this.countLines(data, i, data.length); i = data.length; break; }
        this.countLines(data, i, nextQuote);
        this.inQuotes = false;
        i = nextQuote + 1;
        continue;
      }
      const lf = data.indexOf(LF, i);
      if (nextQuote !== -1 && (lf === -1 || nextQuote < lf)) {
        this.inQuotes = true;
        this.hasQuote = true;
        i = nextQuote + 1;
        continue;
      }
      if (lf === -1) { i = data.length; break; }
      this.emit(data, recordStart, lf);
      this.lines++;
      recordStart = i = lf + 1;
      this.startRecord();
    }
    this.keepPartial(data, recordStart, i);
  }

  /** End of input: a last record without a terminator is still a record. */
  end(): void {
    this.endedOnRecordBoundary = !this.inQuotes && this.skippedHead === null && this.carry.length === 0;
    if (this.skippedHead) {
      this.sink.oversized(this.skippedHead, this.recordLine, !this.inQuotes);
    } else if (this.carry.length > 0) {
      let end = this.carry.length;
      if (!this.inQuotes && this.carry[end - 1] === CR) end--;
      if (end > this.maxRecordBytes) this.sink.oversized(Buffer.from(this.carry.subarray(0, Math.min(end, HEAD_BYTES))), this.recordLine, !this.inQuotes);
      else this.sink.record(this.carry, 0, end, this.recordLine, this.hasQuote);
    }
    this.carry = EMPTY;
    this.skippedHead = null;
  }

  private emit(data: Buffer, start: number, lf: number): void {
    if (this.skippedHead) {
      this.sink.oversized(this.skippedHead, this.recordLine, true);
      return;
    }
    const end = lf > start && data[lf - 1] === CR ? lf - 1 : lf;
    if (end - start > this.maxRecordBytes) {
      this.sink.oversized(Buffer.from(data.subarray(start, Math.min(end, start + HEAD_BYTES))), this.recordLine, true);
    } else {
      this.sink.record(data, start, end, this.recordLine, this.hasQuote);
    }
  }

  private startRecord(): void {
    this.recordLine = this.lines + 1;
    this.hasQuote = false;
    this.skippedHead = null;
  }

  /** Carries the unfinished record over; once it outgrows the limit only its head is kept. */
  private keepPartial(data: Buffer, start: number, scannedTo: number): void {
    // +1: a CR that the next push shows to be half of a CRLF terminator does not count. Skipping starts only once a
    // whole head is held, so the reported head never depends on how the input was split into pushes.
    if (this.skippedHead === null && data.length - start > Math.max(this.maxRecordBytes + 1, HEAD_BYTES)) {
      this.skippedHead = Buffer.from(data.subarray(start, start + HEAD_BYTES));
    }
    if (this.skippedHead) {
      this.carry = EMPTY;
      this.scanned = 0;
      return;
    }
    this.carry = data.subarray(start);
    this.scanned = scannedTo - start;
  }

  private countLines(data: Buffer, from: number, to: number): void {
    for (let p = data.indexOf(LF, from); p !== -1 && p < to; p = data.indexOf(LF, p + 1)) this.lines++;
  }
}
