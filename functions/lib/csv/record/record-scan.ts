/**
 * The record rule, in one place: a CSV record ends at a `\n` outside double quotes. The quote state is plain parity:
 * every `"` toggles it, and RFC 4180's escaped quote (`""` inside a quoted field) toggles it twice, so it needs no
 * case of its own. Scoring (RecordSplitter), chunks settling their first record (SegmentScanner) and ingest
 * (readHeaderBlock, inspectHead) all find record ends here: chunk starts then fall exactly where the scorer's records
 * end, so chunk-by-chunk scoring sees the whole file's records (test/property/chunking-property.ts).
 */
export const LF = 0x0a;
export const CR = 0x0d;
export const QUOTE = 0x22;

const EMPTY = Buffer.alloc(0);

export interface RecordScanOptions {
  /** The quote state before the first byte (a chunk planner's segment may start inside a quoted field). */
  inQuotes?: boolean;
  /** Count the `\n`s inside quotes (RecordSplitter's line numbers); off, a quoted span costs one quote search. */
  countQuotedNewlines?: boolean;
  /**
   * False: `"` quotes nothing, every `\n` ends a record (JSON Lines, whose text cannot hold a raw newline: JSON
   * escapes it inside strings). Default true: the CSV rule.
   */
  quoting?: boolean;
}

/**
 * Finds record ends in one buffer after another, the quote state carried from each to the next. Searches are
 * indexOf calls (memchr), not a byte loop, and the position of the next quote is remembered between calls: a
 * quote-free buffer of many records is searched for a quote once, not once per record.
 */
export class RecordScan {
  /** The quote state where the last search stopped. */
  inQuotes: boolean;
  /** Set when a search passes a `"`; the caller clears it (RecordSplitter does at each record start). */
  sawQuote = false;
  /** `\n`s passed inside quotes (when counted): data, not record ends, yet physical lines. */
  quotedNewlines = 0;
  private readonly countQuoted: boolean;
  /** -1 ("no quote left") when quotes do not count, so every search is one `\n` search; else -2 (not searched). */
  private readonly unsearched: number;
  private bytes: Uint8Array = EMPTY;
  /** The next `"` at or after the last search position; -1: none left in `bytes`; -2: not searched yet. */
  private nextQuote = -2;

  constructor(options: RecordScanOptions = {}) {
    this.inQuotes = options.inQuotes ?? false;
    this.countQuoted = options.countQuotedNewlines ?? false;
    this.unsearched = (options.quoting ?? true) ? -2 : -1;
    this.nextQuote = this.unsearched;
  }

  /** Searches continue in `bytes` (the quote state is kept). */
  load(bytes: Uint8Array): void {
    this.bytes = bytes;
    this.nextQuote = this.unsearched;
  }

  /**
   * Index of the first `\n` outside quotes at or after `from`, or -1 when the bytes end first (`inQuotes` is then
   * the state at their end). Calls must move forward: the next one starts past the previous result.
   */
  recordEnd(from: number): number {
    let quote = this.nextQuote;
    if (quote !== -1 && quote < from) quote = this.bytes.indexOf(QUOTE, from);
    // The usual record, no quote before its end: no loop here, so the splitter's per-record loop stays a flat one.
    if (!this.inQuotes) {
      const lf = this.bytes.indexOf(LF, from);
      if (quote === -1 || (lf !== -1 && lf < quote)) {
        this.nextQuote = quote;
        return lf;
      }
    }
    return this.recordEndPastQuotes(from, quote);
  }

  /** recordEnd when a quote comes first (or the scan is inside quotes). */
  private recordEndPastQuotes(from: number, nextQuote: number): number {
    const bytes = this.bytes;
    let quote = nextQuote;
    let i = from;
    for (;;) {
      if (quote !== -1 && quote < i) quote = bytes.indexOf(QUOTE, i);
      if (this.inQuotes) {
        if (quote === -1) {
          if (this.countQuoted) this.countNewlines(i, bytes.length);
          break;
        }
        if (this.countQuoted) this.countNewlines(i, quote);
        this.inQuotes = false;
        i = quote + 1;
        continue;
      }
      const lf = bytes.indexOf(LF, i);
      if (quote !== -1 && (lf === -1 || quote < lf)) {
        this.inQuotes = true;
        this.sawQuote = true;
        i = quote + 1;
        continue;
      }
      this.nextQuote = quote;
      return lf;
    }
    this.nextQuote = quote;
    return -1;
  }

  private countNewlines(from: number, to: number): void {
    this.quotedNewlines += countNewlines(this.bytes, from, to);
  }
}

/** The `\n` bytes in [from, to) of `bytes`. */
export function countNewlines(bytes: Uint8Array, from: number, to: number): number {
  let count = 0;
  for (let p = bytes.indexOf(LF, from); p !== -1 && p < to; p = bytes.indexOf(LF, p + 1)) count++;
  return count;
}

/** Just past the first `\n` outside quotes at or after `from` (outside quotes there), or -1 when `bytes` hold none. */
export function firstRecordEnd(bytes: Uint8Array, from = 0): number {
  const scan = new RecordScan();
  scan.load(bytes);
  const lf = scan.recordEnd(from);
  return lf === -1 ? -1 : lf + 1;
}

/** An odd number of `"` in `bytes`: the quote state after them is the opposite of the one before. */
export function quotesOdd(bytes: Uint8Array): boolean {
  let odd = false;
  for (let q = bytes.indexOf(QUOTE); q !== -1; q = bytes.indexOf(QUOTE, q + 1)) odd = !odd;
  return odd;
}
