import type { WorkflowError } from '../../batch/failure-reason.ts';
import { type ChildExecutionRecord, firstFailedChild } from '../../s3/map-run-results.ts';
import type { MapRunLister } from './execution-map-runs.ts';

/** The error a Distributed Map fails with when more of its children failed than it tolerates (none, for the chunks). */
export const MAP_RUN_FAILED = 'States.ExceedToleratedFailureThreshold';

/**
 * The failed chunk's own error, for a Map state that failed because a child did: the Map's error only says the
 * tolerated failure threshold was exceeded. ResultWriter wrote the failed children to the map run's FAILED files
 * (`<prefix>/<map run id>/`), even though the run failed; this reads the first one of the execution's map runs
 * that has any. Undefined when there is none to read (the caller keeps the Map's own error).
 */
export async function failedChunkError(mapRuns: MapRunLister): Promise<WorkflowError | undefined> {
  for (const location of await mapRuns()) {
    const child = await firstFailedChild(location);
    if (child) return { Error: child.Error, Cause: withChunk(child) };
  }
  return undefined;
}

/** The child's cause, naming its chunk when its input says which. */
function withChunk(child: ChildExecutionRecord): string | undefined {
  let index: unknown;
  try {
    index = (JSON.parse(child.Input ?? '{}') as { chunk?: { index?: unknown } }).chunk?.index;
  } catch {
    index = undefined;
  }
  if (typeof index !== 'number' || child.Cause === undefined) return child.Cause;
  try {
    const parsed = JSON.parse(child.Cause) as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string')
      return JSON.stringify({ ...parsed, errorMessage: `chunk ${index}: ${parsed.errorMessage}` });
  } catch {
    // A plain-text cause (States.Timeout): prefixed as text below.
  }
  return `chunk ${index}: ${child.Cause}`;
}
