import { config } from './lib/config.ts';
import { logger } from './lib/logger.ts';
import { chunkTempKeys } from './lib/jobs/output-keys.ts';
import type { ChunkResult } from './lib/jobs/types.ts';
import { withProbe } from './lib/probes/with-probe.ts';
import { openRange } from './lib/s3/read-range.ts';
import { uploadStream } from './lib/s3/upload-stream.ts';
import { parseChunkRef, parseJobRef, payloadField } from './lib/batch/parse-task.ts';
import { scoreCsvChunk } from './lib/batch/csv-port.ts';

/**
 * Workflow task `{task:'score-chunk', job, chunk}` → ChunkResult. Streams the chunk's byte range through the
 * scorer into two temp objects with deterministic keys, so a retried chunk simply overwrites its own output.
 */
export async function handler(event: unknown): Promise<ChunkResult> {
  const job = parseJobRef(payloadField(event, 'job'));
  const chunk = parseChunkRef(payloadField(event, 'chunk'));
  const bucket = config().outputBucket;
  const { scoredKey, errorsKey } = chunkTempKeys(job.jobId, chunk.index);
  const result = await withProbe(
    { runId: job.jobId, step: 'score', chunk: chunk.index },
    async (): Promise<ChunkResult> => {
      const input = await openRange(job, chunk.start, chunk.end);
      const scoring = await scoreCsvChunk({ input, columns: job.columns, chunkIndex: chunk.index });
      const [scoredBytes, errorsBytes, counts] = await Promise.all([
        uploadStream(bucket, scoredKey, scoring.scored, 'text/csv'),
        uploadStream(bucket, errorsKey, scoring.errors, 'text/csv'),
        scoring.done,
      ]);
      return { index: chunk.index, ...counts, scoredKey, scoredBytes, errorsKey, errorsBytes };
    },
    (r) => ({ rows: r.rowsIn, bytes: chunk.end - chunk.start }),
  );
  logger.info('chunk scored', { jobId: job.jobId, chunk: chunk.index, rowsIn: result.rowsIn, rowsRejected: result.rowsRejected });
  return result;
}
