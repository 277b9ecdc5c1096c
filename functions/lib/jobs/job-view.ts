import { jobBilling } from '../billing/job-units.ts';
import type { JobBilling } from '../billing/job-units.ts';
import { JOB_ID_PATTERN } from './job-id.ts';
import { jobProgress } from './progress-view.ts';
import type { JobProgress } from './progress-view.ts';
import type { JobRecord } from './types.ts';

/** `GET /jobs/{id}` body: what a client needs to follow a job. */
export interface JobView {
  jobId: string;
  status: JobRecord['status'];
  reason?: string;
  input: { bucket: string; key: string };
  rowsIn: number | null;
  rowsScored: number | null;
  rowsRejected: number | null;
  outputs: JobRecord['outputKeys'] & { bucket: string };
  executionArn: string | null;
  /** The stored model version the job is pinned to (absent: the baked-in model). */
  model?: JobRecord['model'];
  /** The stored version of the job's shadow model, if it has one. */
  shadow?: JobRecord['shadow'];
  progress: JobProgress;
  /** The units every invocation that worked for the job recorded so far, and their estimated cost. */
  billing: JobBilling;
  createdAt: string;
  updatedAt: string;
}

export function isJobId(value: unknown): value is string {
  return typeof value === 'string' && JOB_ID_PATTERN.test(value);
}

export function jobView(record: JobRecord, outputBucket: string, now: Date = new Date()): JobView {
  const view: JobView = {
    jobId: record.jobId,
    status: record.status,
    input: { bucket: record.bucket, key: record.key },
    rowsIn: record.rowsIn ?? null,
    rowsScored: record.rowsScored ?? null,
    rowsRejected: record.rowsRejected ?? null,
    outputs: { bucket: outputBucket, ...record.outputKeys },
    executionArn: record.executionArn ?? null,
    progress: jobProgress(record, now),
    billing: jobBilling(record),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
  if (record.reason !== undefined) view.reason = record.reason;
  if (record.model !== undefined) view.model = record.model;
  if (record.shadow !== undefined) view.shadow = record.shadow;
  return view;
}
