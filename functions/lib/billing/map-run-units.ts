import { expressUnits } from './express-units.ts';
import type { ExpressChildDates } from './express-units.ts';
import { addRecordUnits, mapRunUnits } from './job-units.ts';
import type { RecordUnits } from './job-units.ts';

/** What a Distributed Map run bills, as its ResultWriter files show it: the files it wrote and the children it started. */
export interface MapRunBill {
  /** The result files its manifest lists (the manifest itself not included). */
  resultFiles: number;
  /** Every child execution it started, with its start and stop. */
  children: ExpressChildDates[];
}

/** A run's results as its manifest and files list them (`s3/map-run-results.ts` reads them). */
export interface ListedMapRunResults {
  resultFiles: number;
  succeeded: ExpressChildDates[];
  failed: ExpressChildDates[];
}

/**
 * A run's bill from its results, the same whether the run (and the job) succeeded or failed: the SUCCEEDED and
 * FAILED files list every child that started (FAILED holds the failed, timed-out and aborted ones, each with the
 * dates it ran), and each started child is an Express request with its duration. PENDING children never started:
 * nothing to bill. Only the dates are kept (an entry also carries the child's input and output).
 */
export function mapRunBill(results: ListedMapRunResults): MapRunBill {
  const children = [...results.succeeded, ...results.failed].map(({ StartDate, StopDate }) => ({ StartDate, StopDate }));
  return { resultFiles: results.resultFiles, children };
}

/**
 * The record units the map runs cause outside the invocation's own requests: each run's ItemReader GET and
 * ResultWriter PUTs (`mapRunUnits`) and its children's Express requests and durations (`expressUnits`). Their parent
 * transitions, one per child started, are counted with the execution's (`childrenStarted`, state-transitions.ts).
 */
export function mapRunsUnits(runs: MapRunBill[]): RecordUnits {
  let units: RecordUnits = expressUnits(runs.flatMap((run) => run.children));
  for (const run of runs) units = addRecordUnits(units, mapRunUnits(run.resultFiles));
  return units;
}

/** The children the runs started: a Distributed Map bills its parent one Standard transition for each. */
export function childrenStarted(runs: MapRunBill[]): number {
  return runs.reduce((sum, run) => sum + run.children.length, 0);
}
