import { config } from './lib/config.ts';
import { logger } from './lib/logger.ts';
import { chunkTempKeys } from './lib/jobs/output-keys.ts';
import type { ChunkRef, ChunkResult, JobRef } from './lib/jobs/types.ts';
import { withProbe } from './lib/probes/with-probe.ts';
import { METRIC, timed } from './lib/metrics/index.ts';
import { openRange } from './lib/s3/read-range.ts';
import { PartUploader } from './lib/s3/PartUploader.ts';
import { s3 } from './lib/aws/clients.ts';
import { parseChunkRef, parseJobRef, payloadField } from './lib/batch/parse-task.ts';
import { chunkReadEnd, openChunkRecords, recordsRange, scoreCsvChunkInto } from './lib/batch/csv-port.ts';
import { recordChunkDone } from './lib/jobs/lifecycle/job-progress.ts';
import { scoreParquetChunkJob } from './lib/parquet/steps/parquet-score.ts';

/**
 * Workflow task `{task:'score-chunk', job, chunk}` → ChunkResult. Reads the chunk's nominal range, settles its
 * first record (functions/lib/chunks/chunk-records.ts) and streams its records through the scorer into two temp
 * objects with deterministic keys (uploaded part by part from two reused buffers each), so a retried chunk simply
 * overwrites its own output; a failed chunk leaves no partial object behind. Its last record may run past the
 * range, by at most one longest record (chunkReadEnd). Once scored, it adds its counts to the job's progress
 * (one write; a chunk scored again is not counted again).
 */
export async function handler(event: unknown): Promise<ChunkResult> {
  const job = parseJobRef(payloadField(event, 'job'));
  const chunk = parseChunkRef(payloadField(event, 'chunk'));
  const result = await timed(METRIC.ChunkDuration, () =>
    withProbe(
      { runId: job.jobId, step: 'score', chunk: chunk.index },
      // A Parquet chunk is a run of row groups (functions/lib/parquet/steps/parquet-score.ts).
      () => (chunk.rowGroups ? scoreParquetChunkJob(job, { ...chunk, rowGroups: chunk.rowGroups }) : scoreChunk(job, chunk)),
      (r) => ({ rows: r.rowsIn, bytes: chunk.end - chunk.start }),
    ),
  );
  logger.info('chunk scored', { jobId: job.jobId, chunk: chunk.index, rowsIn: result.rowsIn, rowsRejected: result.rowsRejected });
  const { rowsScored, rowsRejected } = result;
  await recordChunkDone(job.jobId, { index: chunk.index, rowsScored, rowsRejected, bytes: chunk.end - chunk.start });
  return result;
}

async function scoreChunk(job: JobRef, chunk: ChunkRef): Promise<ChunkResult> {
  const bucket = config().outputBucket;
  const { scoredKey, errorsKey } = chunkTempKeys(job.jobId, chunk.index);
  const span = { ...chunk, size: job.size };
  const readEnd = chunkReadEnd(span, config().maxRecordBytes);
  const input = await openRange(job, chunk.start, readEnd);
  const scored = new PartUploader({ client: s3(), bucket, key: scoredKey, contentType: 'text/csv' });
  const errors = new PartUploader({ client: s3(), bucket, key: errorsKey, contentType: 'text/csv' });
  try {
    const records = await openChunkRecords(input, span);
    const from = records.recordsFrom;
    const range = recordsRange(span, records, readEnd);
    const counts = await scoreCsvChunkInto(
      { input: records.bytes, columns: job.columns, chunkIndex: chunk.index, range, model: job.model, shadow: job.shadow },
      { scored, errors },
    );
    const [scoredBytes, errorsBytes] = await Promise.all([scored.end(), errors.end()]);
    const { lines, segment } = records.scan();
    const recordsTo = from === null || counts.recordsEnd === null ? null : from + counts.recordsEnd;
    const { rowsIn, rowsScored, rowsRejected } = counts;
    return {
      index: chunk.index,
      rowsIn,
      rowsScored,
      rowsRejected,
      scoredKey,
      scoredBytes,
      errorsKey,
      errorsBytes,
      lines,
      recordsFrom: from,
      recordsTo,
      segment,
      ...(counts.shadow ? { shadow: counts.shadow } : {}),
    };
  } catch (error) {
    input.destroy();
    await Promise.all([scored.abort(), errors.abort()]);
    throw error;
  }
}
