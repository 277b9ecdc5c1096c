import { config } from './lib/config.ts';
import { logger } from './lib/logger.ts';
import { chunkTempKeys } from './lib/jobs/output-keys.ts';
import type { ChunkResult } from './lib/jobs/types.ts';
import { withProbe } from './lib/probes/with-probe.ts';
import { METRIC, timed } from './lib/metrics/index.ts';
import { openRange } from './lib/s3/read-range.ts';
import { PartUploader } from './lib/s3/PartUploader.ts';
import { s3 } from './lib/aws/clients.ts';
import { parseChunkRef, parseJobRef, payloadField } from './lib/batch/parse-task.ts';
import { scoreCsvChunkInto } from './lib/batch/csv-port.ts';

/**
 * Workflow task `{task:'score-chunk', job, chunk}` → ChunkResult. Streams the chunk's byte range through the
 * scorer into two temp objects with deterministic keys (uploaded part by part from two reused buffers each), so a
 * retried chunk simply overwrites its own output; a failed chunk leaves no partial object behind.
 */
export async function handler(event: unknown): Promise<ChunkResult> {
  const job = parseJobRef(payloadField(event, 'job'));
  const chunk = parseChunkRef(payloadField(event, 'chunk'));
  const bucket = config().outputBucket;
  const { scoredKey, errorsKey } = chunkTempKeys(job.jobId, chunk.index);
  const result = await timed(METRIC.ChunkDuration, () =>
    withProbe(
      { runId: job.jobId, step: 'score', chunk: chunk.index },
      async (): Promise<ChunkResult> => {
        const input = await openRange(job, chunk.start, chunk.end);
        const scored = new PartUploader({ client: s3(), bucket, key: scoredKey, contentType: 'text/csv' });
        const errors = new PartUploader({ client: s3(), bucket, key: errorsKey, contentType: 'text/csv' });
        try {
          const counts = await scoreCsvChunkInto({ input, columns: job.columns, chunkIndex: chunk.index }, { scored, errors });
          const [scoredBytes, errorsBytes] = await Promise.all([scored.end(), errors.end()]);
          return { index: chunk.index, ...counts, scoredKey, scoredBytes, errorsKey, errorsBytes };
        } catch (error) {
          input.destroy();
          await Promise.all([scored.abort(), errors.abort()]);
          throw error;
        }
      },
      (r) => ({ rows: r.rowsIn, bytes: chunk.end - chunk.start }),
    ),
  );
  logger.info('chunk scored', { jobId: job.jobId, chunk: chunk.index, rowsIn: result.rowsIn, rowsRejected: result.rowsRejected });
  return result;
}
