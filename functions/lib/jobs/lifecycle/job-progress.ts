import { config } from '../../config.ts';
import { logger } from '../../logger.ts';
import { invocationUnitsSoFar, markUnitsRecorded } from '../../billing/invocation-units.ts';
import { jobStore } from './JobStore.ts';
import type { JobStore } from './JobStore.ts';
import { chunkCounted, planned } from './transitions.ts';
import type { ChunkProgress, Transition } from './transitions.ts';

/**
 * The job's live progress, written by the workflow's tasks: Plan records the chunk total, each ScoreChunk adds its
 * counts once when it finishes (one write per chunk). Progress only informs `GET /jobs/{id}`: the final counts come
 * from Finalize, so a progress write that fails is logged and the task goes on, rather than failing (and retrying)
 * a chunk whose output is fine. With config's jobProgress off nothing is written (a chunk's billable units are then
 * recorded as any invocation's are, when it ends: invocation-billing.ts).
 */
export async function recordPlanned(jobId: string, chunksTotal: number, store: JobStore = jobStore(), now = new Date()): Promise<void> {
  if (!config().jobProgress) return;
  await applyProgress(jobId, planned(chunksTotal, now), store, { chunksTotal });
}

/**
 * The chunk's write is ScoreChunk's last request, so it also carries the invocation's billable units (itself
 * included): no write of their own for the most numerous invocations. Refused or failed, the invocation records
 * them when it ends (invocation-billing.ts).
 */
export async function recordChunkDone(jobId: string, chunk: ChunkProgress, store: JobStore = jobStore(), now = new Date()): Promise<void> {
  if (!config().jobProgress) return;
  const units = invocationUnitsSoFar({ unitsDynamodbWrite: 1 });
  const applied = await applyProgress(jobId, chunkCounted(chunk, now, units), store, { chunk: chunk.index });
  if (applied === true) markUnitsRecorded();
  if (applied === false) logger.info('chunk already counted, or the job ended: progress left as is', { jobId, chunk: chunk.index });
}

/** Whether the update was applied; undefined when it failed (logged). */
async function applyProgress(
  jobId: string,
  transition: Transition,
  store: JobStore,
  context: Record<string, number>,
): Promise<boolean | undefined> {
  try {
    return await store.apply(jobId, transition);
  } catch (error) {
    logger.warn('progress not recorded', { jobId, ...context, error: (error as Error).message });
    return undefined;
  }
}
