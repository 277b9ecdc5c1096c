import { config } from './lib/config.ts';
import { logger } from './lib/logger.ts';
import type { ChunkRef } from './lib/jobs/types.ts';
import { withProbe } from './lib/probes/with-probe.ts';
import { openRange } from './lib/s3/read-range.ts';
import { parseJobRef, payloadField } from './lib/batch/parse-task.ts';
import { checkChunksCoverObject } from './lib/batch/aggregate-results.ts';
import { planByteRanges } from './lib/batch/csv-port.ts';

/**
 * Chunk descriptors ride in the Map state's payload and come back as results in Finalize's payload (≈ 250 bytes
 * each); 500 keeps both far below the Standard workflow's 256 KiB limit.
 */
export const MAX_CHUNKS = 500;

/** Workflow task `{task:'plan', job}` → `{ chunks: ChunkRef[] }`: byte ranges beginning on record boundaries. */
export async function handler(event: unknown): Promise<{ chunks: ChunkRef[] }> {
  const job = parseJobRef(payloadField(event, 'job'));
  const cfg = config();
  const chunks = await withProbe(
    { runId: job.jobId, step: 'plan' },
    () => planByteRanges(
      { size: job.size, targetBytes: cfg.chunkTargetBytes, minBytes: cfg.minChunkBytes, maxChunks: MAX_CHUNKS, parallelism: cfg.mapConcurrency },
      (start, end) => openRange(job, start, end),
    ),
    () => ({ bytes: job.size }),
  );
  checkChunksCoverObject(chunks, job.size);
  logger.info('job planned', { jobId: job.jobId, chunks: chunks.length, size: job.size });
  return { chunks };
}
