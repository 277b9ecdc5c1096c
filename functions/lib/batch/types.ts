import type { JobStatus } from '../jobs/types.ts';
import type { FeatureColumn } from './csv-port.ts';

/** `<key>.summary.json`: written last for every job, so its appearance means the job is over. */
export interface JobSummary {
  jobId: string;
  status: Extract<JobStatus, 'SUCCEEDED' | 'FAILED'>;
  reason?: string;
  input: { bucket: string; key: string; etag: string; versionId: string | null; size: number };
  /** Keys of the outputs that exist; `null` when not written (failed jobs). */
  outputs: { bucket: string; scored: string | null; errors: string | null };
  rowsIn: number;
  rowsScored: number;
  rowsRejected: number;
  /** The model that scored the job; `sha256` when it was a stored version (pinned at ingest). */
  model: { name: string; version: string; sha256?: string } | null;
  timings: { createdAt: string; startedAt: string | null; finishedAt: string; durationMs: number };
  chunks: number;
  /** Which column fed which model feature, and how it was found (SUCCEEDED jobs). */
  columns?: FeatureColumn[];
}

export interface ChunkTotals {
  chunks: number;
  rowsIn: number;
  rowsScored: number;
  rowsRejected: number;
  scoredBytes: number;
  errorsBytes: number;
}
