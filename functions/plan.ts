import { config } from './lib/config.ts';
import { logger } from './lib/logger.ts';
import type { ChunkRef } from './lib/jobs/types.ts';
import { withProbe } from './lib/probes/with-probe.ts';
import { openRange, readRange } from './lib/s3/read-range.ts';
import { parseJobRef, payloadField } from './lib/batch/parse-task.ts';
import { checkChunksCoverObject } from './lib/batch/aggregate-results.ts';
import { planByteRanges } from './lib/batch/csv-port.ts';

/**
 * Chunk descriptors ride in the Map state's payload and come back as results in Finalize's payload (≈ 300 bytes
 * each); 500 keeps both far below the Standard workflow's 256 KiB limit.
 */
export const MAX_CHUNKS = 500;

export interface PlanOutput {
  chunks: ChunkRef[];
  /** Cuts proven exact; false: presumed from quote-free windows, confirmed or refuted by the chunks' parse. */
  exactCuts: boolean;
}

/**
 * Workflow task `{task:'plan', job, exactCuts?}` → byte ranges beginning on record boundaries. `exactCuts: true`
 * is the workflow's repair after presumed cuts fell inside a record: plan from the whole object's quote parity.
 */
export async function handler(event: unknown): Promise<PlanOutput> {
  const job = parseJobRef(payloadField(event, 'job'));
  const cfg = config();
  const plan = await withProbe(
    { runId: job.jobId, step: 'plan' },
    () =>
      planByteRanges(
        {
          size: job.size,
          targetBytes: cfg.chunkTargetBytes,
          minBytes: cfg.minChunkBytes,
          maxChunks: MAX_CHUNKS,
          parallelism: cfg.mapConcurrency,
          exact: payloadField(event, 'exactCuts') === true,
        },
        { openRange: (start, end) => openRange(job, start, end), readRange: (start, end) => readRange(job, start, end) },
      ),
    () => ({ bytes: job.size }),
  );
  checkChunksCoverObject(plan.chunks, job.size);
  logger.info('job planned', { jobId: job.jobId, chunks: plan.chunks.length, size: job.size, exactCuts: plan.exact });
  return { chunks: plan.chunks, exactCuts: plan.exact };
}
