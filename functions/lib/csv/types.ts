import type { Model } from '../model/types.ts';
import type { Readable } from 'node:stream';
import type { RecordSplitterOptions } from './record/RecordSplitter.ts';

/**
 * How a CSV's columns feed the model; travels in every workflow payload (JobRef.columns), so it stays tiny:
 * no header names (chunk 0 re-reads its own header line).
 */
export interface ColumnMapping {
  /** 'name': header names every feature; 'position': features are the first `width` columns in model order. */
  by: 'name' | 'position';
  /** False when the first row is data (all numeric, feature-count wide): output header then uses feature names. */
  hasHeader: boolean;
  /** Fields every record must have. */
  width: number;
  /** featureColumns[f] = column index of model feature f. */
  featureColumns: number[];
  /** matchedBy[f]: how feature f's column was found (the summary reports it). Absent in jobs ingested before it. */
  matchedBy?: MatchKind[];
  /**
   * columnNames[f]: the header name of feature f's column, for the summary. Absent without a header row, or when the
   * names exceed MAX_CARRIED_NAME_CHARS in all (this travels in every workflow payload; the summary then gives positions).
   */
  columnNames?: string[];
}

/**
 * How a feature's column was found: `exact` (the header spells the feature name), `normalised` (the same after
 * header-names.ts's comparisons), `metadata` (the upload's x-amz-meta-columns), `position` (the header names no feature).
 */
export type MatchKind = 'exact' | 'normalised' | 'metadata' | 'position';

/** One line of the summary's `columns`: which column fed which feature, and how it was found. */
export interface FeatureColumn {
  feature: string;
  /** The column's header name; null without a header row (or when the job did not carry the names). */
  column: string | null;
  /** 1-based column number in the file. */
  position: number;
  match: MatchKind;
}

export type HeaderMatch = { ok: true; columns: ColumnMapping } | { ok: false; reason: string };

export interface ChunkCounts {
  rowsIn: number;
  rowsScored: number;
  rowsRejected: number;
  /** Newline bytes the scorer read (finalize's line offsets come from the chunks' range scans instead). */
  lines: number;
  /** Input bytes up to the end of the range's last record; null: cut off inside an over-long record (ChunkScorer). */
  recordsEnd: number | null;
  /** With a shadow model: how it compared with the model over the scored rows. */
  shadow?: ShadowCounts;
}

/** How a job's shadow model compared with its model over scored rows (shadow-agreement.ts). */
export interface ShadowCounts {
  /** Rows both models scored. */
  rows: number;
  /** Of them, rows where both agree: the same class label, or regression values within REGRESSION_TOLERANCE. */
  agreeing: number;
  /** Regressors only: the sum of |model − shadow| over the rows; null when a difference was not a finite number. */
  absoluteDifference?: number | null;
}

/**
 * Where a chunk's output bytes go (an S3 part uploader, a stream, a test's array). `write` must be done with
 * `bytes` when it returns or its promise settles: the scorer reuses that memory for the next batch.
 */
export interface ByteSink {
  write(bytes: Buffer): Promise<void> | void;
}

export interface ChunkSinks {
  /** Scored CSV bytes (chunk 0 starts with the output header). */
  scored: ByteSink;
  /** Rejected rows `line,record,reason` (chunk-relative 1-based line of the record's start), no header. */
  errors: ByteSink;
}

export interface ScoreChunkOptions {
  input: Readable | AsyncIterable<Uint8Array>;
  columns: ColumnMapping;
  /** Chunk 0 holds the header record and emits the output header. */
  chunkIndex: number;
  model: Model;
  /** A shadow model: predicts every batch the model does, its columns written after the model's (same features, same kind). */
  shadow?: Model;
  /** Rows per model.predict call. */
  batchRows: number;
  /** Longest record accepted (bytes, terminator excluded); longer ones are rejected rows. */
  maxRecordBytes: number;
  /** Where the input sits in the file (RecordSplitterOptions); default: a whole file. */
  range?: RecordSplitterOptions;
}

export interface ChunkOutput {
  /** Scored CSV bytes (chunk 0 starts with the output header). */
  scored: Readable;
  /** Rejected rows `line,record,reason` (chunk-relative 1-based line of the record's start), no header. */
  errors: Readable;
  /** Resolves after both streams ended; rejects (and destroys both streams) when the chunk cannot be scored. */
  done: Promise<ChunkCounts>;
}
