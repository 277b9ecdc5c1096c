import type { JobObject, JobRecord, JobRef } from '../jobs/types.ts';
import type { FeatureColumn } from './csv-port.ts';
import type { ChunkTotals, JobSummary } from './types.ts';

export interface SummaryInput {
  job: JobObject & Pick<JobRef, 'outputKeys'>;
  /** The job record, for its timings; absent if it could not be read. */
  record?: Pick<JobRecord, 'createdAt' | 'startedAt'>;
  outputBucket: string;
  status: JobSummary['status'];
  reason?: string;
  totals?: Pick<ChunkTotals, 'rowsIn' | 'rowsScored' | 'rowsRejected' | 'chunks'>;
  model?: JobSummary['model'];
  /** Which column fed which feature (csv-port.ts featureColumns). */
  columns?: FeatureColumn[];
  /** Whether scored.csv / errors.csv were written by this job. */
  outputsWritten: boolean;
  finishedAt: Date;
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
  return summary;
}
