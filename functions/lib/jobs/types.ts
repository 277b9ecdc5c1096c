/**
 * Job shapes shared by the batch handlers and the workflow payloads (docs/architecture.md, "Batch workflow payloads").
 */

/** SUPERSEDED: a newer upload of the same key owns the outputs; this job wrote none (reason names the newer job). */
export type JobStatus = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'SUPERSEDED';

/** Output object keys in the output bucket: the input key with `.csv` replaced. */
export interface OutputKeys {
  scored: string;
  errors: string;
  summary: string;
}

/**
 * How the CSV's columns map to the model's features. The real shape is H5's `ColumnMapping`
 * (`functions/lib/csv`); the job only carries it from ingest to the scorer, so it is opaque here.
 */
export type JobColumns = object;

/** The object version a job scores: one job per bucket + key + version/ETag. */
export interface JobObject {
  jobId: string;
  bucket: string;
  key: string;
  etag: string;
  versionId: string | null;
  size: number;
  /**
   * The S3 event's `s3.object.sequencer`: orders versions of one key (newest wins the outputs, see
   * `newest-wins.ts`). '' when the sender gave none; absent in jobs started before it was recorded.
   */
  sequencer?: string;
}

/** What every workflow task receives as `job` (kept small: it travels in every state payload). */
export interface JobRef extends JobObject {
  columns: JobColumns;
  outputKeys: OutputKeys;
}

/** Byte range of one chunk, end exclusive; chunk 0 starts at byte 0 and contains the header. */
export interface ChunkRef {
  index: number;
  start: number;
  end: number;
}

/** What one ScoreChunk task returns (temp objects in the output bucket under `_tmp/<jobId>/`). */
export interface ChunkResult {
  index: number;
  rowsIn: number;
  rowsScored: number;
  rowsRejected: number;
  scoredKey: string;
  scoredBytes: number;
  errorsKey: string;
  errorsBytes: number;
  /** Physical lines (newline count) of the chunk: finalize turns chunk-relative error lines into file lines. */
  lines: number;
  /** Input bytes the scorer read: must be its ChunkRef's end − start. */
  bytes: number;
  /** The chunk ended just past a record terminator, outside quotes: required of every chunk but the last. */
  endsOnRecordBoundary: boolean;
}

/** The job record in the Jobs table. Times are ISO-8601 strings. */
export interface JobRecord extends JobObject {
  status: JobStatus;
  reason?: string;
  executionArn?: string;
  executionName: string;
  createdAt: string;
  updatedAt: string;
  /** When the workflow was started (additive to the contract; feeds summary timings). */
  startedAt?: string;
  /** When the job reached SUCCEEDED/FAILED/SUPERSEDED (additive). */
  finishedAt?: string;
  rowsIn?: number;
  rowsScored?: number;
  rowsRejected?: number;
  outputKeys: OutputKeys;
}

/** Counts written with the final state. */
export interface JobCounts {
  rowsIn: number;
  rowsScored: number;
  rowsRejected: number;
}
