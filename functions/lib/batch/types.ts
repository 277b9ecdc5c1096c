import type { JobBilling } from '../billing/job-units.ts';
import type { JobStatus } from '../jobs/types.ts';
import type { FeatureColumn, ShadowCounts } from './csv-port.ts';

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
  /** A job with a shadow model (`--metadata shadow=<ref>`): its pinned version and how it compared with the model. */
  shadow?: ShadowSummary;
  /**
   * SUCCEEDED jobs: each output object's key, size in bytes, S3's full-object CRC-32 of its bytes (base64, as HeadObject
   * states it with ChecksumMode ENABLED) and, when config's digestMaxBytes (env DIGEST_MAX_BYTES) allows, the SHA-256
   * (hex) of its bytes (null otherwise; off by default).
   */
  files?: { scored: OutputFile; errors: OutputFile };
  /**
   * The job's billable units and their estimated cost as the service counted them up to the summary's own PUT (its
   * `note` says what the estimate leaves out). The writer's requests after it are in `GET /jobs/{id}`'s `billing`.
   */
  billing?: JobBilling;
}

export interface OutputFile {
  key: string;
  bytes: number;
  crc32: string | null;
  sha256: string | null;
}

export interface ShadowSummary {
  name: string;
  version: string;
  sha256: string;
  /** Rows both models scored (the job's rowsScored). */
  rows: number;
  /**
   * Fraction of those rows where the two agree: the same class label, or for regressors |a − b| ≤ 1e-6·max(1, |a|)
   * (a: the model's value; functions/lib/csv/shadow-agreement.ts). null when no row was scored.
   */
  agreement: number | null;
  /** Regressors: the mean of |a − b| over the rows; null when no row was scored or a value was not a finite number. */
  meanAbsoluteDifference?: number | null;
}

export interface ChunkTotals {
  chunks: number;
  rowsIn: number;
  rowsScored: number;
  rowsRejected: number;
  scoredBytes: number;
  errorsBytes: number;
  /** The chunks' shadow counts summed (jobs with a shadow model). */
  shadow?: ShadowCounts;
}
