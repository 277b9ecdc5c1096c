export interface PlanOptions {
  /** Object size in bytes. */
  size: number;
  /** Wanted chunk size. */
  targetBytes: number;
  /** No chunk but the last is smaller (S3 multipart part minimum for the scored parts). */
  minBytes: number;
  /** Upper bound on the number of chunks (workflow payload limit): chunks grow beyond targetBytes to respect it. */
  maxChunks: number;
  /**
   * Chunks scored at once (the Map state's MaxConcurrency). An object smaller than parallelism × targetBytes is
   * spread evenly over up to that many chunks, none under minBytes, so a mid-sized file is scored in parallel
   * instead of by one invocation. Default 1: chunks of targetBytes.
   */
  parallelism?: number;
  /** Segment reads in flight while planning exactly (each one streamed): bounds the planner's memory and connections. */
  readsAtOnce?: number;
  /** Longest valid record (config maxRecordBytes): the half-width of the windows read around presumed cuts. */
  maxRecordBytes: number;
  /** Plan exactly even when the windows find no quote (the repair after presumed cuts fell inside a record). */
  exact?: boolean;
}

/** Streams bytes [start, end) of the object. */
export type OpenRange = (start: number, end: number) => Promise<AsyncIterable<Uint8Array>>;

/** Reads bytes [start, end) of the object into memory (small reads only: the windows). */
export type ReadRange = (start: number, end: number) => Promise<Buffer>;

/** How the planner reads the object. */
export interface PlanSource {
  openRange: OpenRange;
  readRange: ReadRange;
}

/**
 * The chunks, and whether their cuts are exact: proven from the whole object's quote parity (exact), or presumed
 * from quote-free windows around each cut, to be confirmed by the chunks' own parse (see checkResultsTileObject).
 */
export interface ChunkPlan {
  chunks: ByteRange[];
  exact: boolean;
}

/** Byte range of one chunk, end exclusive (same shape as jobs' ChunkRef). */
export interface ByteRange {
  index: number;
  start: number;
  end: number;
}
