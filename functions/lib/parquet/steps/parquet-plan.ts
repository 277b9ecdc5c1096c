import { chunkSize } from '../../chunks/plan-chunks.ts';
import type { PlanOptions } from '../../chunks/types.ts';
import type { ChunkRef, JobRef } from '../../jobs/types.ts';
import { planRowGroupChunks, rowGroupBytes, tileFile } from '../row-groups.ts';
import { readParquetFooter } from './read-parquet-object.ts';

/**
 * A Parquet job's chunks from its footer alone (ranged GETs of the last bytes): runs of consecutive row groups
 * holding the chunk size the CSV plan would cut the row groups' bytes by (plan-chunks.ts's chunkSize: the target,
 * spread over the Map's parallelism for a mid-sized file, grown to stay within maxChunks) — without the CSV plan's
 * 5 MiB floor: that floor lets Finalize copy every CSV part server side, while a Parquet chunk's part is small for
 * its rows (compressed column chunks: 1M Iris rows are ~2 MB) and the assembly streams parts under 5 MiB. A file
 * with no row groups has no chunks.
 */
export async function planParquetChunks(
  job: JobRef,
  options: Omit<PlanOptions, 'size'>,
): Promise<{ chunks: ChunkRef[]; chunkBytes: number }> {
  const { metadata } = await readParquetFooter(job, job.size);
  const chunkBytes = chunkSize({ ...options, minBytes: 1, size: rowGroupBytes(metadata) });
  const planned = tileFile(planRowGroupChunks(metadata, chunkBytes), job.size);
  const chunks = planned.map(({ index, start, end, rowGroups }) => ({ index, start, end, rowGroups }));
  return { chunks, chunkBytes };
}
