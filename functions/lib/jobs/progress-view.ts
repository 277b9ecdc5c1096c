import type { JobRecord } from './types.ts';

/** `GET /jobs/{id}`'s `progress`: how far the job's chunks are, from the record's running sums. */
export interface JobProgress {
  /** Chunks Plan cut the object into; null until Plan has run. */
  chunksTotal: number | null;
  chunksDone: number;
  rowsScored: number;
  rowsRejected: number;
  /** The finished chunks' nominal byte ranges: they tile the object, so this reaches its size. */
  bytesDone: number;
  /** bytesDone of the object's size, 0–100 with one decimal; null for an empty object. */
  percent: number | null;
  /** Seconds left at the byte rate since the workflow started; null when the job is not running or has no rate yet. */
  etaSeconds: number | null;
}

/**
 * A SUCCEEDED job is complete: its final counts (the summary's) stand in for the running sums, which are only
 * approximate when a misplaced chunk was scored again (counted once, with its first pass's rows) or a progress write
 * was lost (functions/lib/jobs/lifecycle/job-progress.ts).
 */
export function jobProgress(record: JobRecord, now: Date): JobProgress {
  const chunksTotal = record.chunksTotal ?? null;
  if (record.status === 'SUCCEEDED') {
    return {
      chunksTotal,
      chunksDone: chunksTotal ?? record.chunksDone ?? 0,
      rowsScored: record.rowsScored ?? record.rowsScoredSoFar ?? 0,
      rowsRejected: record.rowsRejected ?? record.rowsRejectedSoFar ?? 0,
      bytesDone: record.size,
      percent: 100,
      etaSeconds: 0,
    };
  }
  const bytesDone = Math.min(record.bytesDone ?? 0, record.size);
  return {
    chunksTotal,
    chunksDone: record.chunksDone ?? 0,
    rowsScored: record.rowsScoredSoFar ?? 0,
    rowsRejected: record.rowsRejectedSoFar ?? 0,
    bytesDone,
    percent: record.size > 0 ? Math.floor((bytesDone / record.size) * 1000) / 10 : null,
    etaSeconds: record.status === 'RUNNING' ? etaSeconds(bytesDone, record.size, record.startedAt, now) : null,
  };
}

/** The bytes left at the average rate since `startedAt`, rounded up; null before the first chunk or without a start. */
export function etaSeconds(bytesDone: number, size: number, startedAt: string | undefined, now: Date): number | null {
  if (bytesDone >= size) return 0;
  const elapsedMs = startedAt === undefined ? Number.NaN : now.getTime() - Date.parse(startedAt);
  if (bytesDone <= 0 || !(elapsedMs > 0)) return null;
  return Math.ceil(((size - bytesDone) * elapsedMs) / bytesDone / 1000);
}
