import { countNewlines } from '../csv/record/record-scan.ts';
import { SegmentScanner } from './segment-scan.ts';
import type { SegmentScan } from './segment-scan.ts';
import { OVERSIZED_HEAD_BYTES } from '../csv/record/RecordSplitter.ts';
import type { RecordSplitterOptions } from '../csv/record/RecordSplitter.ts';
import type { ChunkSpan } from './types.ts';

/** What a chunk learned about its own range while reading it, for the finalizer to check and stitch. */
export interface ChunkRangeScan {
  /** Where its records began: absolute offset, or null when it owned none (no record starts in its range). */
  recordsFrom: number | null;
  /** `\n` bytes in [span.start, span.end): prefix sums give every chunk's first line number. */
  lines: number;
  /** The range's quote parity and first boundaries (segment-scan.ts): stitched into the exact starts. */
  segment: SegmentScan;
}

export interface ChunkRecords {
  /** Where its records begin (absolute offset), or null when the chunk owns none. */
  recordsFrom: number | null;
  /** Line number of recordsFrom: 1 + the `\n` bytes in [span.start, recordsFrom). */
  firstLine: number;
  /** The bytes from recordsFrom on, as read; the consumer stops pulling when its records end. */
  bytes: AsyncIterable<Buffer>;
  /** After `bytes` was consumed past span.end: the scan of the range (throws if the read stopped short of it). */
  scan(): ChunkRangeScan;
}

/**
 * Opens a chunk's records. A chunk is handed its nominal range [start, end) of the object, cut with no look at the
 * bytes, and settles its own first record: chunk 0 starts at byte 0; any other chunk speculates that its start is
 * outside quotes and begins just past the first `\n` that is then unquoted (segment-scan.ts), or, on a re-score,
 * at the exact start the finalizer worked out. It owns the records that begin in [first record, end]. While the
 * bytes stream through, the range is scanned for its quote parity, its boundaries for either quote state and its
 * newlines, so the finalizer can check every speculation and find the exact starts without reading the object
 * again (settle-chunks.ts). `quoting` false (JSON Lines): every `\n` ends a record, so the first one is exact.
 */
export async function openChunkRecords(pieces: AsyncIterable<Uint8Array>, span: ChunkSpan, quoting = true): Promise<ChunkRecords> {
  const tap = new RangeTap(span, quoting);
  const iterator = pieces[Symbol.asyncIterator]();
  let firstLine = 1;
  let rest: Buffer | null = null;
  let recordsFrom: number | null = null;
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    const piece = asBuffer(next.value);
    const at = tap.position;
    tap.push(piece);
    const start = span.recordsFrom !== undefined ? span.recordsFrom : tap.speculatedStart();
    const owned = typeof start === 'number' && start <= span.end && start < span.size;
    if (owned && start < tap.position) {
      recordsFrom = start;
      firstLine = 1 + tap.linesBefore(start, piece, at);
      rest = piece.subarray(start - at);
      break;
    }
    // Not found yet, or no record of its own: the range is still read through, for its scan.
    if (!owned && tap.position >= span.end) break;
  }
  if (recordsFrom === null) await iterator.return?.();
  const bytes = recordsFrom === null ? empty() : follow(rest!, iterator, tap);
  return { recordsFrom, firstLine, bytes, scan: () => ({ recordsFrom, ...tap.result() }) };
}

/**
 * Where a chunk's read ends: its last record may run past the range, by at most one longest record (+2: its CRLF),
 * so the read stops there; a record still open at that point is an over-long one, and the read holds as much of it
 * as its error row shows (OVERSIZED_HEAD_BYTES). The last chunk reads to the end.
 */
export function chunkReadEnd(span: ChunkSpan, maxRecordBytes: number): number {
  if (span.end >= span.size) return span.size;
  return Math.min(span.size, span.end + Math.max(maxRecordBytes, OVERSIZED_HEAD_BYTES) + 2);
}

/** The scorer's view of a chunk's records: their first line, where they stop (past the range), whether the read reaches the file's end. */
export function recordsRange(
  span: ChunkSpan,
  records: Pick<ChunkRecords, 'recordsFrom' | 'firstLine'>,
  readEnd: number,
): RecordSplitterOptions {
  const from = records.recordsFrom;
  const stopAt = span.end >= span.size || from === null ? undefined : span.end - from;
  return { firstLine: records.firstLine, stopAt, endsFile: readEnd === span.size };
}

async function* follow(first: Buffer, iterator: AsyncIterator<Uint8Array>, tap: RangeTap): AsyncGenerator<Buffer> {
  try {
    if (first.length > 0) yield first;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      const piece = asBuffer(next.value);
      tap.push(piece);
      yield piece;
    }
  } finally {
    await iterator.return?.();
  }
}

async function* empty(): AsyncGenerator<Buffer> {}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Scans the part of the read that lies inside [span.start, span.end), and counts its newlines. */
class RangeTap {
  position: number;
  private readonly span: ChunkSpan;
  private readonly scanner: SegmentScanner;
  private lines = 0;

  constructor(span: ChunkSpan, quoting: boolean) {
    this.span = span;
    this.position = span.start;
    this.scanner = new SegmentScanner(span.start, quoting);
  }

  push(piece: Buffer): void {
    const inRange = piece.subarray(0, Math.max(0, this.span.end - this.position));
    if (inRange.length > 0) {
      this.scanner.push(inRange);
      this.lines += countNewlines(inRange, 0, inRange.length);
    }
    this.position += piece.length;
  }

  /**
   * The speculated first record: 0 for chunk 0; else just past the first `\n` unquoted when the range starts outside
   * quotes (null: the range has none); undefined while the scan has not found it and the range is not read through.
   */
  speculatedStart(): number | null | undefined {
    if (this.span.start === 0) return 0;
    const found = this.scanner.result().boundaryIfStartOutside;
    if (found !== null) return found;
    return this.position >= this.span.end ? null : undefined;
  }

  /** Newlines in [span.start, at) for an `at` inside `piece`, the piece that began at `pieceStart`. */
  linesBefore(at: number, piece: Buffer, pieceStart: number): number {
    const afterInPiece = countNewlines(piece, at - pieceStart, Math.min(piece.length, this.span.end - pieceStart));
    return this.lines - afterInPiece;
  }

  result(): Omit<ChunkRangeScan, 'recordsFrom'> {
    if (this.position < this.span.end) {
      throw new Error(`chunk ${this.span.index} read to byte ${this.position} of its range [${this.span.start}, ${this.span.end})`);
    }
    return { lines: this.lines, segment: this.scanner.result() };
  }
}
