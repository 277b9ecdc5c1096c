import { config } from './lib/config.ts';
import { logger } from './lib/logger.ts';
import type { PlanOutput } from './lib/jobs/types.ts';
import { chunkManifestKey, errorGroupsManifestKey, inflatedInputKey, rescoreManifestKey } from './lib/jobs/output-keys.ts';
import { requireInputFormat } from './lib/jobs/input-format.ts';
import { inflateToObject } from './lib/s3/inflate-object.ts';
import type { JobRef } from './lib/jobs/types.ts';
import { withProbe } from './lib/probes/with-probe.ts';
import { putJson } from './lib/s3/upload-stream.ts';
import { MAX_PARTS } from './lib/s3/limits.ts';
import { parseJobRef, payloadField } from './lib/batch/parse-task.ts';
import { billTo } from './lib/billing/invocation-units.ts';
import { planByteRanges } from './lib/batch/csv-port.ts';
import { recordPlanned } from './lib/jobs/lifecycle/job-progress.ts';
import { planParquetChunks } from './lib/parquet/steps/parquet-plan.ts';

/**
 * Chunks per job at most: one S3 multipart upload's parts (functions/lib/s3/limits.ts), so Finalize can assemble
 * scored.csv by copying each chunk's part server side; with more chunks than parts, parts would have to be streamed
 * through Finalize. The Distributed Map reads the manifest from S3, so the state payload no longer bounds the count:
 * at the default 32 MiB target chunks keep their size up to 320 GiB and grow past it (100 MiB at 1 TiB).
 */
export const MAX_CHUNKS = MAX_PARTS;

/**
 * Workflow task `{task:'plan', job}` → PlanOutput. Cuts the object into nominal ranges without reading it (each
 * chunk settles its own first record) and writes them as the chunk manifest the Map state reads, and the chunk
 * count on the job record as its progress total (beside the manifest's write: neither waits for the other). A gzip
 * input is first inflated into a plain temp object (inflatedInputKey), and the chunks cut that one.
 */
export async function handler(event: unknown): Promise<PlanOutput> {
  const job = parseJobRef(payloadField(event, 'job'));
  billTo(job.jobId);
  const cfg = config();
  const bucket = cfg.outputBucket;
  const output = await withProbe(
    { runId: job.jobId, step: 'plan' },
    async (): Promise<PlanOutput> => {
      const sourceSize = await inflateIfCompressed(job, bucket);
      const options = {
        targetBytes: cfg.chunkTargetBytes,
        minBytes: cfg.minChunkBytes,
        maxChunks: MAX_CHUNKS,
        parallelism: cfg.mapConcurrency,
      };
      // A Parquet file is cut at row groups, from its footer (functions/lib/parquet/steps/parquet-plan.ts).
      const planned =
        requireInputFormat(job.key).kind === 'parquet'
          ? await planParquetChunks(job, options)
          : planByteRanges({ size: sourceSize, ...options });
      const { chunkBytes } = planned;
      const chunks = sourceSize === job.size ? planned.chunks : planned.chunks.map((chunk) => ({ ...chunk, size: sourceSize }));
      const chunksKey = chunkManifestKey(job.jobId);
      await Promise.all([putJson(bucket, chunksKey, chunks, 0), recordPlanned(job.jobId, chunks.length)]);
      const rescoreKey = rescoreManifestKey(job.jobId);
      const errorGroupsKey = errorGroupsManifestKey(job.jobId);
      return { bucket, chunksKey, rescoreKey, errorGroupsKey, chunks: chunks.length, chunkBytes, sourceSize };
    },
    () => ({ bytes: job.size }),
  );
  logger.info('job planned', {
    jobId: job.jobId,
    chunks: output.chunks,
    chunkBytes: output.chunkBytes,
    size: job.size,
    sourceSize: output.sourceSize,
  });
  return output;
}

/** The size of what the chunks cut: the input's, or a gzip input's once inflated into inflatedInputKey. */
async function inflateIfCompressed(job: JobRef, bucket: string): Promise<number> {
  if (requireInputFormat(job.key).compression === 'none') return job.size;
  const started = performance.now();
  const size = await inflateToObject(job, job.size, { bucket, key: inflatedInputKey(job.jobId), contentType: 'application/octet-stream' });
  logger.info('input inflated', { jobId: job.jobId, gzipBytes: job.size, bytes: size, ms: Math.round(performance.now() - started) });
  return size;
}
