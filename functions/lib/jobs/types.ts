import type { RecordUnits } from '../billing/job-units.ts';
import type { SegmentScan } from '../chunks/segment-scan.ts';
import type { ShadowCounts } from '../csv/types.ts';
import type { PinnedModel } from '../model-store/types.ts';

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

/** The stored model version a job is pinned to at ingest (functions/lib/batch/job-model.ts): the store's own pin. */
export type JobModelPin = PinnedModel;

/** What every workflow task receives as `job` (kept small: it travels in every state payload). */
export interface JobRef extends JobObject {
  columns: JobColumns;
  outputKeys: OutputKeys;
  /** The stored model every chunk scores with; absent: the baked-in model. */
  model?: JobModelPin;
  /** The stored shadow model (`--metadata shadow=<ref>`) scoring every row beside `model`; absent: none. */
  shadow?: JobModelPin;
}

/**
 * One item of the chunk manifest: the chunk's nominal byte range [start, end), end exclusive. The chunk settles its
 * own first record (functions/lib/chunks/chunk-records.ts); on a re-score `recordsFrom` gives the exact one (null:
 * the chunk owns no record).
 */
export interface ChunkRef {
  index: number;
  start: number;
  end: number;
  recordsFrom?: number | null;
  /** Size of the object the ranges cut, when it is not the input: a gzip input's inflated copy (inflatedInputKey). */
  size?: number;
  /** A Parquet job's chunk: its row groups [from, to) (start/end: the bytes they span). */
  rowGroups?: { from: number; to: number };
}

/**
 * How Plan cut the object and where the Map states read their items: Plan's manifest of every chunk, the key where
 * Finalize writes the misplaced ones when they must be scored again (both JSON arrays of ChunkRef), and the key of
 * the error groups' manifest.
 */
export interface PlanOutput {
  bucket: string;
  chunksKey: string;
  rescoreKey: string;
  /** Where Finalize writes the error groups when errors.csv is assembled from groups renumbered in parallel. */
  errorGroupsKey: string;
  chunks: number;
  chunkBytes: number;
  /**
   * Size of the object the chunks cut: the input's size, or for a gzip input its inflated copy's (Plan inflates it
   * to inflatedInputKey). Absent in plans made before it existed: the input's size.
   */
  sourceSize?: number;
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
  /** `\n` bytes in the chunk's nominal range: their prefix sums turn chunk-relative error lines into file lines. */
  lines: number;
  /** Where its records began (absolute byte offset), or null when it owned none. */
  recordsFrom: number | null;
  /** Just past its last record, or null when it stopped reading inside an over-long record. */
  recordsTo: number | null;
  /** Its range's quote parity and boundaries: the finalizer stitches them into the exact starts. */
  segment: SegmentScan;
  /** A job with a shadow model: how the shadow compared with the model over the chunk's scored rows. */
  shadow?: ShadowCounts;
}

/** The job record in the Jobs table. Times are ISO-8601 strings. */
export interface JobRecord extends JobObject, RecordUnits {
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
  /** Set when the job runs (RUNNING): the stored model it is pinned to; absent for the baked-in model. */
  model?: JobModelPin;
  /** Set when the job runs, for a job with a shadow model: the stored version it is pinned to. */
  shadow?: JobModelPin;
  /** Progress (lifecycle/job-progress.ts): Plan's chunk count, then the finished chunks' sums, added once each. */
  chunksTotal?: number;
  chunksDone?: number;
  bytesDone?: number;
  rowsScoredSoFar?: number;
  rowsRejectedSoFar?: number;
  /** The indexes of the chunks counted so far (a DynamoDB number set): a chunk scored again is not added again. */
  chunksCounted?: Set<number>;
}

/** Counts written with the final state. */
export interface JobCounts {
  rowsIn: number;
  rowsScored: number;
  rowsRejected: number;
}
