import { GetExecutionHistoryCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import { sfn } from '../aws/clients.ts';
import { logger } from '../logger.ts';
import type { RecordUnits } from './job-units.ts';
import { childrenStarted } from './map-run-units.ts';
import type { MapRunBill } from './map-run-units.ts';

/**
 * A job's Standard state transitions, counted by the invocation that ends it from its own execution's history.
 *
 * Standard workflows bill every state entered and every retry (https://aws.amazon.com/step-functions/pricing/), and
 * a Distributed Map bills its parent one transition per child execution it starts (its Express children bill per
 * request and duration instead). The history has the first two: each `…StateEntered` event is a state entered; a
 * Task's attempts are its `TaskScheduled` / `LambdaFunctionScheduled` events and a Map's its `MapRunStarted` events,
 * so attempts beyond one per entry are retries. The children are those the job's map runs started, which the caller
 * knows from their result files (map-run-units.ts).
 *
 * Why the history and not the workflow's path: the path says which states run but not how often a Task retried
 * (OutputKeyBusy, transient Lambda errors), and the history is exact for both at the cost of one request per 1,000
 * events (a job's parent history stays small: a map run's children are not in it). Read by Finalize once it is
 * sure to end the job: every state before it is in the history, and Finalize is the workflow's last state on
 * success, so no transition follows it (`TRANSITIONS_AFTER_FINALIZE`). A failed job's are read by MarkFailed.
 */
export const TRANSITIONS_AFTER_FINALIZE = 0;

/**
 * A failed job's MarkFailed (the Catch target) reads the history and its map runs' result files the same way, and
 * after it the workflow enters its Fail state: one transition more.
 */
export const TRANSITIONS_AFTER_MARK_FAILED = 1;

/** States entered plus retries, as a Standard execution's history shows them. */
export function transitionsInHistory(events: Pick<HistoryEvent, 'type'>[]): number {
  const count = (predicate: (type: string) => boolean) => events.filter((e) => predicate(String(e.type))).length;
  const entered = count((type) => type.endsWith('StateEntered'));
  const taskEntries = count((type) => type === 'TaskStateEntered');
  const taskAttempts = count((type) => type === 'TaskScheduled' || type === 'LambdaFunctionScheduled');
  const mapEntries = count((type) => type === 'MapStateEntered');
  const mapRuns = count((type) => type === 'MapRunStarted');
  return entered + Math.max(0, taskAttempts - taskEntries) + Math.max(0, mapRuns - mapEntries);
}

/** Every event of an execution's history so far, page by page (at most 1,000 events a page), without payloads. */
export async function executionHistory(executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn().send(
      new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, includeExecutionData: false, nextToken }),
    );
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

/**
 * The record units of the job's transitions, read by Finalize as it ends the job: its execution's history so far,
 * the children its map runs started (one each) and what follows Finalize.
 */
export function finalizeTransitionUnits(executionArn: string | undefined, mapRuns: MapRunBill[]): Promise<RecordUnits> {
  return transitionUnits(executionArn, childrenStarted(mapRuns) + TRANSITIONS_AFTER_FINALIZE);
}

/**
 * The record units of a failed job's transitions, read by MarkFailed as it fails the job: its history, the children
 * its map runs started (one each) and the Fail state.
 */
export function markFailedTransitionUnits(executionArn: string | undefined, mapRuns: MapRunBill[]): Promise<RecordUnits> {
  return transitionUnits(executionArn, childrenStarted(mapRuns) + TRANSITIONS_AFTER_MARK_FAILED);
}

/**
 * The history's transitions plus `more` the history cannot show yet. None without an execution ARN (a record that
 * never got one has no workflow to bill), and none when the history cannot be read: the units only inform, so a
 * failed read is logged, never the job's failure.
 */
async function transitionUnits(executionArn: string | undefined, more: number): Promise<RecordUnits> {
  if (!executionArn) return {};
  let history: number;
  try {
    history = transitionsInHistory(await executionHistory(executionArn));
  } catch (error) {
    logger.warn('state transitions not counted', { executionArn, error: (error as Error).message });
    return {};
  }
  return { unitsStepFunctionsTransitions: history + more };
}
