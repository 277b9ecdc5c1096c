import { GetObjectCommand } from '@aws-sdk/client-s3';
import { ListMapRunsCommand } from '@aws-sdk/client-sfn';
import { s3, sfn } from '../../aws/clients.ts';
import { isAwsError } from '../../aws/errors.ts';
import type { WorkflowError } from '../../batch/failure-reason.ts';
import { MAP_RESULTS_PREFIX } from '../output-keys.ts';

/** The error a Distributed Map fails with when more of its children failed than it tolerates (none, for the chunks). */
export const MAP_RUN_FAILED = 'States.ExceedToleratedFailureThreshold';

interface FailedChild {
  Error?: string;
  Cause?: string;
  Input?: string;
}

/**
 * The failed chunk's own error, for a Map state that failed because a child did: the Map's error only says the
 * tolerated failure threshold was exceeded. ResultWriter wrote the failed children to the map run's FAILED files
 * (`<prefix>/<map run id>/`), even though the run failed; this reads the first one of the execution's map runs
 * that has any. Undefined when there is none to read (the caller keeps the Map's own error).
 */
export async function failedChunkError(executionArn: string, bucket: string): Promise<WorkflowError | undefined> {
  const runs = (await sfn().send(new ListMapRunsCommand({ executionArn }))).mapRuns ?? [];
  for (const run of runs) {
    const folder = `${MAP_RESULTS_PREFIX}/${run.mapRunArn?.split(':').pop()}/`;
    const manifest = (await getJson(bucket, `${folder}manifest.json`)) as { ResultFiles?: { FAILED?: { Key: string }[] } } | undefined;
    const file = manifest?.ResultFiles?.FAILED?.[0];
    if (!file) continue;
    const [child] = ((await getJson(bucket, file.Key)) as FailedChild[] | undefined) ?? [];
    if (child) return { Error: child.Error, Cause: withChunk(child) };
  }
  return undefined;
}

/** The child's cause, naming its chunk when its input says which. */
function withChunk(child: FailedChild): string | undefined {
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

async function getJson(bucket: string, key: string): Promise<unknown> {
  try {
    const out = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return JSON.parse(await out.Body!.transformToString());
  } catch (error) {
    if (isAwsError(error, 'NoSuchKey')) return undefined;
    throw error;
  }
}
