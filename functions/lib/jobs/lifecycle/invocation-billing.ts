import { logger } from '../../logger.ts';
import { billedJob, countingInvocation, invocationUnitsSoFar } from '../../billing/invocation-units.ts';
import type { JobStore } from './JobStore.ts';
import { unitsAdded } from './transitions.ts';

/**
 * Runs one invocation counting its billable requests; if it worked for a job (`billTo`), its units — its requests,
 * itself as one Lambda request and its duration at the function's memory, and the write that adds them — go to the
 * job's record in one write when it ends, whether it succeeded or threw. That write failing is logged, never the
 * invocation's failure: the units only inform.
 */
export function billedInvocation<T>(fn: () => Promise<T>, store: () => Promise<JobStore> = defaultStore): Promise<T> {
  // The Lambda runtime's own variable (set on AWS and by any runtime that emulates it); 0 when absent.
  const memoryMB = Number(process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE) || 0;
  return countingInvocation(memoryMB, async () => {
    try {
      return await fn();
    } finally {
      await recordInvocationUnits(store);
    }
  });
}

/** Loaded on first use, as the router loads handlers: an API-only container never loads the batch path's store. */
async function defaultStore(): Promise<JobStore> {
  return (await import('./JobStore.ts')).jobStore();
}

async function recordInvocationUnits(store: () => Promise<JobStore>): Promise<void> {
  const jobId = billedJob();
  if (jobId === undefined) return;
  const units = invocationUnitsSoFar({ unitsDynamodbWrite: 1 });
  try {
    if (!(await (await store()).apply(jobId, unitsAdded(units)))) logger.info('units not recorded: no such job', { jobId });
  } catch (error) {
    logger.warn('units not recorded', { jobId, error: (error as Error).message });
  }
}
