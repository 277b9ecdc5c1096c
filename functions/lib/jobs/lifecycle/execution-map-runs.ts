import { ListMapRunsCommand } from '@aws-sdk/client-sfn';
import { sfn } from '../../aws/clients.ts';
import { type MapRunResultsLocation, mapRunManifestKey } from '../../s3/map-run-results.ts';
import { MAP_RESULTS_PREFIX } from '../output-keys.ts';

/**
 * Where ResultWriter put the results of each map run the execution started (every page of ListMapRuns): the Map
 * states all write under `MAP_RESULTS_PREFIX` in `bucket` (BatchWorkflow.ts).
 */
export async function executionMapRunManifests(executionArn: string, bucket: string): Promise<MapRunResultsLocation[]> {
  const locations: MapRunResultsLocation[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn().send(new ListMapRunsCommand({ executionArn, nextToken }));
    for (const run of page.mapRuns ?? []) locations.push({ bucket, key: mapRunManifestKey(MAP_RESULTS_PREFIX, run.mapRunArn!) });
    nextToken = page.nextToken;
  } while (nextToken);
  return locations;
}
