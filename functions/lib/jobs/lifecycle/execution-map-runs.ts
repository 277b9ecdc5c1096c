import { ListMapRunsCommand } from '@aws-sdk/client-sfn';
import { sfn } from '../../aws/clients.ts';
import { type MapRunResultsLocation, mapRunManifestKey } from '../../s3/map-run-results.ts';
import { MAP_RESULTS_PREFIX } from '../output-keys.ts';

/**
 * Where ResultWriter put the results of each map run the execution started (every page of ListMapRuns): the Map
 * states all write under `MAP_RESULTS_PREFIX` in `bucket` (BatchWorkflow.ts).
 */
async function executionMapRunManifests(executionArn: string, bucket: string): Promise<MapRunResultsLocation[]> {
  const locations: MapRunResultsLocation[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn().send(new ListMapRunsCommand({ executionArn, nextToken }));
    for (const run of page.mapRuns ?? []) locations.push({ bucket, key: mapRunManifestKey(MAP_RESULTS_PREFIX, run.mapRunArn!) });
    nextToken = page.nextToken;
  } while (nextToken);
  return locations;
}

/** The execution's map runs' result locations, listed on first call; a failed listing is tried again on the next. */
export type MapRunLister = () => Promise<MapRunResultsLocation[]>;

/**
 * One listing of the execution's map runs for whoever needs it first, within one invocation: MarkFailed reads the
 * failed chunk's error and bills the runs from the same list.
 */
export function listMapRunsOnce(executionArn: string, bucket: string): MapRunLister {
  let listed: Promise<MapRunResultsLocation[]> | undefined;
  return () => {
    listed ??= executionMapRunManifests(executionArn, bucket).catch((error: unknown) => {
      listed = undefined;
      throw error;
    });
    return listed;
  };
}
