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
  /** Segment reads in flight while planning (each one streamed): bounds the planner's memory and connections. */
  readsAtOnce?: number;
}

/** Streams bytes [start, end) of the object. */
export type OpenRange = (start: number, end: number) => Promise<AsyncIterable<Uint8Array>>;

/** Byte range of one chunk, end exclusive (same shape as jobs' ChunkRef). */
export interface ByteRange {
  index: number;
  start: number;
  end: number;
}
