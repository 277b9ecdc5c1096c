import type { RecordUnits } from './job-units.ts';

/**
 * A job's Express executions (its Distributed Maps' children: a chunk each), billed as AWS publishes it
 * (https://aws.amazon.com/step-functions/pricing/): one request per execution, and its duration — from the time it
 * begins until it ends — rounded up to the next 100 ms, at its memory in 64 MB chunks.
 *
 * The product's own statement of the rule: the local stack's meter keeps its own (local/ knows nothing of the
 * product, the product nothing of local/), and job-cost.test.ts checks the two agree.
 */
export const EXPRESS_BILLED_INCREMENT_MS = 100;

/**
 * Express bills the memory an execution uses (its definition, its Map and Parallel states, its payloads) in 64 MB
 * chunks. A map run's child is one Task state, no Map or Parallel, and Step Functions caps every payload at 256 KiB:
 * even the whole batch definition (about 10 KB) and every payload a child can hold at that cap (its input and output,
 * the Task's input, effective input, result and output: about 1.6 MB) stay within the first chunk, so 64 MB is what
 * a child is billed at (test/infra/cloud-contract.test.ts checks it against the synthesized template).
 */
export const EXPRESS_MEMORY_MB = 64;

/** A duration as Express bills it: rounded up to the next 100 ms, and never less than one increment. */
export function expressBilledMs(durationMs: number): number {
  return Math.max(EXPRESS_BILLED_INCREMENT_MS, Math.ceil(durationMs / EXPRESS_BILLED_INCREMENT_MS) * EXPRESS_BILLED_INCREMENT_MS);
}

/** One child execution as a ResultWriter results file lists it: its start and stop as ISO 8601 timestamps. */
export interface ExpressChildDates {
  StartDate?: string;
  StopDate?: string;
}

/**
 * The record units of a map run's children, from their entries in its result files (`SUCCEEDED_n.json` …): one
 * Express request each, and each one's StopDate − StartDate billed. The files give the dates to the millisecond, so
 * the duration is exact to the millisecond; an entry without both dates is billed one increment (the least an
 * execution bills).
 */
export function expressUnits(children: ExpressChildDates[]): RecordUnits {
  let billedMs = 0;
  for (const child of children) billedMs += expressBilledMs(durationMs(child));
  return { unitsStepFunctionsExpressRequests: children.length, unitsStepFunctionsExpressBilledMs: billedMs };
}

function durationMs({ StartDate, StopDate }: ExpressChildDates): number {
  const ms = Date.parse(StopDate ?? '') - Date.parse(StartDate ?? '');
  return Number.isFinite(ms) ? Math.max(0, ms) : 0;
}

/** GB-seconds of Express billed milliseconds at `EXPRESS_MEMORY_MB` (1 GB = 1024 MB). */
export function expressGbSeconds(billedMs: number): number {
  return (billedMs / 1000) * (EXPRESS_MEMORY_MB / 1024);
}
