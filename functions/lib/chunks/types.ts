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
  /** Longest valid record (config maxRecordBytes); bounds the window read around each candidate boundary. */
  maxRecordBytes?: number;
  /** Block size of the sequential scan used when quotes make a window ambiguous. */
  scanBlockBytes?: number;
}

/** Reads bytes [start, end) of the object. */
export type ReadRange = (start: number, end: number) => Promise<Buffer>;

/** Byte range of one chunk, end exclusive (same shape as jobs' ChunkRef). */
export interface ByteRange {
  index: number;
  start: number;
  end: number;
}
