import { InconsistentTimesError, MissingProbeError } from './errors.ts';
import { coveredMs } from './intervals.ts';
import { ascending, percentile } from './percentiles.ts';
import type { BatchDecomposition, BatchTimes, ProbeRecord, Segment, Spread } from './types.ts';

/** The probe step names the batch handlers write (functions/*.ts `withProbe`). */
export const BATCH_STEPS = { ingest: 'ingest', plan: 'plan', score: 'score', finalize: 'finalize' } as const;

function successful(records: readonly ProbeRecord[], step: string): ProbeRecord[] {
  return records.filter((r) => r.step === step && !r.error);
}

/** The one successful record of a single-shot step (the latest, when a retry left more). */
function single(records: readonly ProbeRecord[], step: string): ProbeRecord {
  const found = successful(records, step)
    .sort((a, b) => a.startMs - b.startMs)
    .at(-1);
  if (!found) throw new MissingProbeError(step);
  return found;
}

/** One successful score record per chunk (a chunk retried after a failure keeps its successful attempt). */
function chunkRecords(records: readonly ProbeRecord[]): ProbeRecord[] {
  const byChunk = new Map<number, ProbeRecord>();
  for (const r of successful(records, BATCH_STEPS.score)) {
    const key = r.chunk ?? -1;
    const seen = byChunk.get(key);
    if (!seen || r.startMs > seen.startMs) byChunk.set(key, r);
  }
  if (byChunk.size === 0) throw new MissingProbeError(BATCH_STEPS.score);
  return [...byChunk.values()].sort((a, b) => (a.chunk ?? 0) - (b.chunk ?? 0));
}

export function spread(values: readonly number[]): Spread {
  const sorted = ascending(values);
  return { count: sorted.length, min: sorted[0] ?? Number.NaN, median: percentile(sorted, 50, 'linear'), max: sorted.at(-1) ?? Number.NaN };
}

/**
 * The critical path as consecutive pieces between these instants, so they add up to the end-to-end time exactly:
 * upload done → ingest start → ingest end → plan start → plan end → first chunk start → last chunk end →
 * finalize start → summary written. `wait` pieces are S3 notification / Step Functions time.
 */
function segments(b: number[]): Segment[] {
  const names: Array<[string, Segment['kind']]> = [
    ['S3 event → ingest', 'wait'],
    ['ingest', 'task'],
    ['workflow start', 'wait'],
    ['plan', 'task'],
    ['map start', 'wait'],
    ['score (all chunks)', 'task'],
    ['fan-in', 'wait'],
    ['finalize', 'task'],
  ];
  return names.map(([name, kind], i) => ({ name, kind, ms: b[i + 1] - b[i] }));
}

/**
 * Decomposes one batch job's end-to-end time (upload done → summary.json written) from its probe records:
 * S3-to-ingest delay, ingest, workflow start delay, plan, fan-out delay (plan end → LAST chunk start, as the
 * PARALLEL experiment defines fan-out), per-chunk score min/median/max, fan-in, finalize, orchestration overhead = end-to-end time in
 * which none of the job's tasks ran (union of the probe intervals, retried attempts included), rows/s.
 */
export function decomposeBatch(times: BatchTimes): BatchDecomposition {
  const { records, uploadDoneMs } = times;
  const ingest = single(records, BATCH_STEPS.ingest);
  const plan = single(records, BATCH_STEPS.plan);
  const finalize = single(records, BATCH_STEPS.finalize);
  const summaryWrittenMs = times.summaryWrittenMs ?? finalize.endMs;
  // finalize writes summary.json, so an earlier time is a coarse clock (S3 LastModified is whole seconds)
  if (summaryWrittenMs < finalize.startMs)
    throw new InconsistentTimesError(
      `summary written ${finalize.startMs - summaryWrittenMs} ms before finalize started: pass the time the runner saw it, or omit it`,
    );
  if (ingest.startMs < uploadDoneMs)
    throw new InconsistentTimesError(
      `ingest started ${uploadDoneMs - ingest.startMs} ms before the upload was done: take uploadDoneMs when PutObject resolves`,
    );
  const chunks = chunkRecords(records);
  const firstStart = Math.min(...chunks.map((c) => c.startMs));
  const lastStart = Math.max(...chunks.map((c) => c.startMs));
  const lastEnd = Math.max(...chunks.map((c) => c.endMs));
  const endToEndMs = summaryWrittenMs - uploadDoneMs;
  const rows = times.rows ?? chunks.reduce((sum, c) => sum + (c.rows ?? 0), 0);
  const busy = coveredMs(
    records.map((r) => ({ start: r.startMs, end: r.endMs })),
    uploadDoneMs,
    summaryWrittenMs,
  );
  return {
    s3ToIngestMs: ingest.startMs - uploadDoneMs,
    ingestMs: ingest.endMs - ingest.startMs,
    workflowStartDelayMs: plan.startMs - ingest.endMs,
    planMs: plan.endMs - plan.startMs,
    mapStartDelayMs: firstStart - plan.endMs,
    fanOutDelayMs: lastStart - plan.endMs,
    scoringWallMs: lastEnd - firstStart,
    score: spread(chunks.map((c) => c.endMs - c.startMs)),
    fanInDelayMs: finalize.startMs - lastEnd,
    finalizeMs: finalize.endMs - finalize.startMs,
    orchestrationOverheadMs: endToEndMs - busy,
    endToEndMs,
    rows,
    rowsPerSecond: endToEndMs > 0 ? rows / (endToEndMs / 1000) : Number.NaN,
    chunks: chunks.length,
    coldStarts: records.filter((r) => r.coldStart).length,
    failedAttempts: records.filter((r) => r.error).length,
    segments: segments([
      uploadDoneMs,
      ingest.startMs,
      ingest.endMs,
      plan.startMs,
      plan.endMs,
      firstStart,
      lastEnd,
      finalize.startMs,
      summaryWrittenMs,
    ]),
  };
}
