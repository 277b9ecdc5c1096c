import type { JobBilling } from '../billing/job-units.ts';
import type { JobModelPin, JobObject, JobRecord, JobRef } from '../jobs/types.ts';
import type { FeatureColumn, ShadowCounts } from './csv-port.ts';
import type { ChunkTotals, JobSummary, OutputFile, ShadowSummary } from './types.ts';

export interface SummaryInput {
  job: JobObject & Pick<JobRef, 'outputKeys'>;
  /** The job record, for its timings; absent if it could not be read. */
  record?: Pick<JobRecord, 'createdAt' | 'startedAt'>;
  outputBucket: string;
  status: JobSummary['status'];
  reason?: string;
  totals?: Pick<ChunkTotals, 'rowsIn' | 'rowsScored' | 'rowsRejected' | 'chunks' | 'shadow'>;
  model?: JobSummary['model'];
  /** The job's pinned shadow model, if it has one: the summary reports it with its counts from `totals`. */
  shadow?: JobModelPin;
  /** Which column fed which feature (csv-port.ts featureColumns). */
  columns?: FeatureColumn[];
  /** Whether scored.csv / errors.csv were written by this job. */
  outputsWritten: boolean;
  /** The written outputs' sizes and SHA-256 (SUCCEEDED jobs). */
  files?: { scored: OutputFile; errors: OutputFile };
  finishedAt: Date;
  /** The job's units so far (billing/summary-billing.ts). */
  billing?: JobBilling;
}

export function buildSummary(input: SummaryInput): JobSummary {
  const { job, totals } = input;
  const createdAt = input.record?.createdAt ?? input.finishedAt.toISOString();
  const summary: JobSummary = {
    jobId: job.jobId,
    status: input.status,
    input: { bucket: job.bucket, key: job.key, etag: job.etag, versionId: job.versionId, size: job.size },
    outputs: {
      bucket: input.outputBucket,
      scored: input.outputsWritten ? job.outputKeys.scored : null,
      errors: input.outputsWritten ? job.outputKeys.errors : null,
    },
    rowsIn: totals?.rowsIn ?? 0,
    rowsScored: totals?.rowsScored ?? 0,
    rowsRejected: totals?.rowsRejected ?? 0,
    model: input.model ?? null,
    timings: {
      createdAt,
      startedAt: input.record?.startedAt ?? null,
      finishedAt: input.finishedAt.toISOString(),
      durationMs: Math.max(0, input.finishedAt.getTime() - Date.parse(createdAt)),
    },
    chunks: totals?.chunks ?? 0,
  };
  if (input.reason !== undefined) summary.reason = input.reason;
  if (input.columns !== undefined) summary.columns = input.columns;
  if (input.shadow !== undefined) summary.shadow = shadowSummary(input.shadow, totals?.shadow);
  if (input.files !== undefined) summary.files = input.files;
  if (input.billing !== undefined) summary.billing = input.billing;
  return summary;
}

/** The shadow's version and its agreement with the model: fractions and means of the summed chunk counts. */
export function shadowSummary(pin: JobModelPin, counts: ShadowCounts = { rows: 0, agreeing: 0 }): ShadowSummary {
  const { rows } = counts;
  const shadow: ShadowSummary = {
    name: pin.name,
    version: pin.version,
    sha256: pin.sha256,
    rows,
    agreement: rows > 0 ? counts.agreeing / rows : null,
  };
  if (counts.absoluteDifference !== undefined) {
    shadow.meanAbsoluteDifference = rows > 0 && counts.absoluteDifference !== null ? counts.absoluteDifference / rows : null;
  }
  return shadow;
}
