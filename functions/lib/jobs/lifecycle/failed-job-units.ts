import { logger } from '../../logger.ts';
import { addRecordUnits } from '../../billing/job-units.ts';
import type { RecordUnits } from '../../billing/job-units.ts';
import { mapRunBill, mapRunsUnits } from '../../billing/map-run-units.ts';
import type { MapRunBill } from '../../billing/map-run-units.ts';
import { markFailedTransitionUnits } from '../../billing/state-transitions.ts';
import { readMapRunResults } from '../../s3/map-run-results.ts';
import type { MapRunLister } from './execution-map-runs.ts';

/**
 * A failed job's workflow units, counted by MarkFailed as it fails the job: its map runs, billed from their result
 * files by the rule Finalize bills them by (map-run-units.ts), and its Standard transitions (state-transitions.ts).
 */
export async function failedJobUnits(executionArn: string, listMapRuns: MapRunLister): Promise<RecordUnits> {
  const mapRuns = await mapRunBillsOrNone(executionArn, listMapRuns);
  return addRecordUnits(mapRunsUnits(mapRuns), await markFailedTransitionUnits(executionArn, mapRuns));
}

/**
 * Every map run of the execution that wrote its results: ResultWriter writes them when a run fails too. A run with
 * no manifest bills nothing here: it failed before writing one, or a Finalize that counted it has deleted its
 * folder. The units only inform, so a failed read is logged and no run is billed, never the job's failure.
 */
async function mapRunBillsOrNone(executionArn: string, listMapRuns: MapRunLister): Promise<MapRunBill[]> {
  try {
    const bills: MapRunBill[] = [];
    for (const location of await listMapRuns()) {
      const results = await readMapRunResults(location, 'missing-is-undefined');
      if (results) bills.push(mapRunBill(results));
    }
    return bills;
  } catch (error) {
    logger.warn('map runs not counted', { executionArn, error: (error as Error).message });
    return [];
  }
}
