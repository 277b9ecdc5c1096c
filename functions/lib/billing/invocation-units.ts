import { AsyncLocalStorage } from 'node:async_hooks';
import type { AbsoluteLocation, FinalizeRequestHandlerOptions, MiddlewareStack } from '@smithy/types';
import { logger } from '../logger.ts';
import { FIELD_OF_CLASS, type RecordUnits } from './job-units.ts';
import { priceClassOf } from './price-class.ts';

/** What one invocation has used so far, and the job it works for (set by the handler once it knows it). */
interface InvocationCounter {
  startedAt: number;
  memoryMB: number;
  units: RecordUnits;
  jobId?: string;
  /** Its units went to the job's record with a write it made anyway (a chunk's progress): nothing left to record. */
  recorded?: boolean;
}

const current = new AsyncLocalStorage<InvocationCounter>();

/**
 * Runs one invocation's handler with a counter of its requests: every SDK call it makes (and whatever those start)
 * runs in its async context, so invocations sharing a process never mix their counts.
 */
export function countingInvocation<T>(memoryMB: number, fn: () => Promise<T>): Promise<T> {
  return current.run({ startedAt: performance.now(), memoryMB, units: {} }, fn);
}

/**
 * The invocation works for this job: its units are added to the job's record when it ends. The first job named
 * wins: an invocation that works for several (reconcile-jobs re-driving many) bills them all to the first.
 */
export function billTo(jobId: string): void {
  const counter = current.getStore();
  if (counter === undefined) return;
  if (counter.jobId !== undefined && counter.jobId !== jobId) {
    logger.debug('invocation already billed to another job', { billedTo: counter.jobId, jobId });
    return;
  }
  counter.jobId = jobId;
}

/** The job whose record still awaits this invocation's units (none once a progress write carried them). */
export function billedJob(): string | undefined {
  const counter = current.getStore();
  return counter?.recorded ? undefined : counter?.jobId;
}

/** A write the invocation made anyway carried its units (`invocationUnitsSoFar`), and it was its last request. */
export function markUnitsRecorded(): void {
  const counter = current.getStore();
  if (counter !== undefined) counter.recorded = true;
}

/** One request the invocation sends (each attempt: a retried request is billed again). */
export function countRequest(clientName: string, commandName: string): void {
  const counter = current.getStore();
  if (counter === undefined) return;
  const priceClass = priceClassOf(clientName, commandName);
  if (priceClass === 'other') return;
  const field = FIELD_OF_CLASS[priceClass];
  counter.units[field] = (counter.units[field] ?? 0) + 1;
}

/** Units the invocation knows it caused outside its own requests (a Map run's reads and writes). */
export function addInvocationUnits(units: RecordUnits): void {
  const counter = current.getStore();
  if (counter === undefined) return;
  for (const [field, value] of Object.entries(units) as [keyof RecordUnits, number][])
    counter.units[field] = (counter.units[field] ?? 0) + value;
}

/**
 * The invocation's units so far as one Lambda request billed for its duration until now (rounded up to 1 ms, as
 * Lambda rounds), plus `extra` requests about to be sent (the write that records them, the summary's PUT).
 */
export function invocationUnitsSoFar(extra: RecordUnits = {}): RecordUnits {
  const counter = current.getStore();
  if (counter === undefined) return {};
  const billedMs = Math.max(1, Math.ceil(performance.now() - counter.startedAt));
  const units: RecordUnits = {
    ...counter.units,
    unitsLambdaRequests: 1,
    unitsLambdaBilledMs: billedMs,
    unitsLambdaMbMs: billedMs * counter.memoryMB,
  };
  for (const [field, value] of Object.entries(extra) as [keyof RecordUnits, number][]) units[field] = (units[field] ?? 0) + value;
  return units;
}

/**
 * Counts every request a client sends. In the finalizeRequest step at low priority, inside the retry middleware
 * (high priority in the same step): once per attempt, as S3 and DynamoDB bill them.
 */
export function addRequestCounter<I extends object, O extends object>(stack: MiddlewareStack<I, O>, clientName: string): void {
  stack.add(
    (next, context) => async (args) => {
      countRequest(clientName, String(context.commandName ?? ''));
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name: 'billableRequestCounter' } as FinalizeRequestHandlerOptions & AbsoluteLocation,
  );
}
