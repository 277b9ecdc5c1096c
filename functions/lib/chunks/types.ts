export interface PlanOptions {
  /** Object size in bytes. */
  size: number;
  /** Wanted chunk size. */
  targetBytes: number;
  /** No chunk but the last is smaller (S3 multipart part minimum for the scored parts). */
  minBytes: number;
  /** Upper bound on the number of chunks: chunks grow beyond targetBytes to respect it. */
  maxChunks: number;
  /**
   * Chunks scored at once (the Map state's MaxConcurrency). An object smaller than parallelism × targetBytes is
   * spread evenly over up to that many chunks, none under minBytes, so a mid-sized file is scored in parallel
   * instead of by one invocation. Default 1: chunks of targetBytes.
   */
  parallelism?: number;
}

/** Byte range of one chunk, end exclusive (same shape as jobs' ChunkRef). */
export interface ByteRange {
  index: number;
  start: number;
  end: number;
}

/**
 * One chunk as the workflow hands it out: its nominal byte range [start, end) of an object of `size` bytes. The
 * chunk settles its own first record (chunk-records.ts) unless `recordsFrom` gives it: the exact start worked out
 * by the finalizer when the chunk's speculation was wrong (null: the chunk owns no record).
 */
export interface ChunkSpan extends ByteRange {
  size: number;
  recordsFrom?: number | null;
}
