import { config } from './lib/config.ts';
import { logger } from './lib/logger.ts';
import { chunkTempKeys, inflatedInputKey } from './lib/jobs/output-keys.ts';
import { GzipMembers } from './lib/s3/gzip-members.ts';
import type { ObjectVersion } from './lib/s3/types.ts';
import type { ChunkRef, ChunkResult, JobRef } from './lib/jobs/types.ts';
import { withProbe } from './lib/probes/with-probe.ts';
import { METRIC, timed } from './lib/metrics/index.ts';
import { openRange } from './lib/s3/read-range.ts';
import { PartUploader } from './lib/s3/PartUploader.ts';
import { s3 } from './lib/aws/clients.ts';
import { parseChunkRef, parseJobRef, payloadField } from './lib/batch/parse-task.ts';
import { chunkResult } from './lib/batch/chunk-result.ts';
import { billTo } from './lib/billing/invocation-units.ts';
import { chunkReadEnd, openChunkRecords, recordsRange, scoreCsvChunkInto } from './lib/batch/csv-port.ts';
import { scoreJsonlChunk } from './lib/batch/jsonl-port.ts';
import { recordChunkDone } from './lib/jobs/lifecycle/job-progress.ts';
import { requireInputFormat } from './lib/jobs/input-format.ts';
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
  billTo(job.jobId);
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
  // Progress counts input bytes: a gzip job's ranges cut the inflated copy, so they are scaled back to the input's size.
  const bytes = chunk.size ? Math.round(((chunk.end - chunk.start) * job.size) / chunk.size) : chunk.end - chunk.start;
  await recordChunkDone(job.jobId, { index: chunk.index, rowsScored, rowsRejected, bytes });
  return result;
}

async function scoreChunk(job: JobRef, chunk: ChunkRef): Promise<ChunkResult> {
  const bucket = config().outputBucket;
  const format = requireInputFormat(job.key);
  const { scoredKey, errorsKey } = chunkTempKeys(job.jobId, chunk.index);
  const span = { ...chunk, size: chunk.size ?? job.size };
  const readEnd = chunkReadEnd(span, config().maxRecordBytes);
  // A gzip input is read from the plain copy Plan inflated (unversioned temp object: no version pin).
  const source: ObjectVersion =
    format.compression === 'gzip' ? { bucket, key: inflatedInputKey(job.jobId), etag: '', versionId: null } : job;
  const input = await openRange(source, chunk.start, readEnd);
  const scored = new PartUploader({ client: s3(), bucket, key: scoredKey, contentType: format.scoredContentType });
  const errors = new PartUploader({ client: s3(), bucket, key: errorsKey, contentType: 'text/csv' });
  try {
    // JSON Lines: every `\n` ends a record (JSON text holds no raw newline), so quotes do not decide where chunks start.
    const records = await openChunkRecords(input, span, format.kind === 'csv');
    const from = records.recordsFrom;
    const range = recordsRange(span, records, readEnd);
    const request = { input: records.bytes, columns: job.columns, chunkIndex: chunk.index, range, model: job.model, shadow: job.shadow };
    // A gzip job's scored output is gzip too: each chunk's temp object a series of gzip members (gzip-members.ts).
    const gzip = format.compression === 'gzip' ? new GzipMembers(scored) : undefined;
    const sinks = { scored: gzip ?? scored, errors };
    const counts = format.kind === 'jsonl' ? await scoreJsonlChunk(request, sinks) : await scoreCsvChunkInto(request, sinks);
    if (gzip && chunk.index === 0 && gzip.bytes === 0) await gzip.writeEmptyMember();
    const [scoredBytes, errorsBytes] = await Promise.all([scored.end(), errors.end()]);
    const { lines, segment } = records.scan();
    const recordsTo = from === null || counts.recordsEnd === null ? null : from + counts.recordsEnd;
    return chunkResult(
      chunk.index,
      counts,
      { scoredKey, scoredBytes, errorsKey, errorsBytes },
      { lines, recordsFrom: from, recordsTo, segment },
    );
  } catch (error) {
    input.destroy();
    await Promise.all([scored.abort(), errors.abort()]);
    throw error;
  }
}
