/**
 * A Map state's orchestration overhead per child, from execution histories only (no client clock). An inline Map's
 * iterations log their Task events in the parent's history; a Distributed Map's parent history holds only
 * MapStateEntered … MapStateExited, and each child execution's own history holds its Task.
 *
 * With N children, L = min(MaxConcurrency, N) slots, span = MapStateExited − MapStateEntered and a child's task time
 * = its TaskSucceeded − TaskStarted (the function's own work, invoke included):
 * - overhead per child = (L × span − Σ task) / N: how long a child holds one of the Map's L slots outside its task.
 *   At MaxConcurrency 1 that is (span − Σ task) / N.
 * - wall per child = (span − Σ task / L) / N: the Map's elapsed time per child beyond its tasks packed over the L
 *   slots (the same figure at L = 1; lower when the slots' overheads overlap).
 * - start latency of the k-th task to start (0-based, in start order): its TaskStarted − the time its slot came
 *   free, which is MapStateEntered for the first L, else the (k − L)-th TaskSucceeded in end order (the end that
 *   freed a slot: a pool of L never starts its k-th child before k − L + 1 children ended). It holds closing the
 *   previous child and starting the next.
 * - setup = first TaskStarted − MapStateEntered (a Distributed Map reads its ItemReader here); close = MapStateExited
 *   − last TaskSucceeded (its ResultWriter writes here). Both are part of the overhead, spread over the N children.
 */
import { MissingEventError } from './errors.ts';
import { containerTasks, succeededEvents, taskTimings, type ContainerTasks, type History } from './execution-overhead.ts';
import { ascending, mean, median, percentile } from './percentiles.ts';
import type { StepTiming } from './types.ts';

export interface MapOverhead {
  children: number;
  slots: number;
  spanMs: number;
  taskMs: number;
  overheadPerChildMs: number;
  wallPerChildMs: number;
  setupMs: number;
  closeMs: number;
  /** One per child, in start order. */
  startLatenciesMs: number[];
}

/**
 * Median, p90 (nearest rank: an observed value) and mean of one figure. History timestamps have millisecond
 * resolution, so a per-child start latency is a whole number of ms; its mean is the finer figure.
 */
export interface Spread {
  median: number;
  p90: number;
  mean: number;
}

/** Several runs of one Map: the per-run figures' spread; start latencies pooled over every child of every run. */
export interface MapOverheadSummary {
  runs: number;
  overheadPerChildMs: Spread;
  wallPerChildMs: Spread;
  startLatencyMs: Spread;
  setupMs: Spread;
  closeMs: Spread;
}

/** An inline Map (the first, or the one named `name`): its span and its iterations' tasks, from the parent's history. */
export function inlineMapTimes(history: History, name?: string): ContainerTasks {
  return containerTasks(history, 'Map', name);
}

/** A Distributed Map: its span from the parent's history, its tasks from its child executions' histories. */
export function distributedMapTimes(parent: History, children: readonly History[], name?: string): ContainerTasks {
  const { enteredMs, exitedMs } = containerTasks(parent, 'Map', name);
  return { enteredMs, exitedMs, tasks: children.flatMap((child) => taskTimings(succeededEvents(child))) };
}

function ran(task: StepTiming): { startedMs: number; succeededMs: number } {
  if (task.startedMs === undefined) throw new MissingEventError(`TaskStarted for ${task.name}`);
  if (task.succeededMs === undefined) throw new MissingEventError(`TaskSucceeded for ${task.name}`);
  return { startedMs: task.startedMs, succeededMs: task.succeededMs };
}

/** The figures of the module comment for one Map run whose children ran at most `maxConcurrency` at once. */
export function mapOverhead(times: ContainerTasks, maxConcurrency: number): MapOverhead {
  const tasks = times.tasks.map(ran);
  const children = tasks.length;
  if (children === 0) throw new MissingEventError('task state inside the Map');
  const slots = Math.min(maxConcurrency, children);
  const spanMs = times.exitedMs - times.enteredMs;
  const taskMs = tasks.reduce((sum, t) => sum + (t.succeededMs - t.startedMs), 0);
  const starts = ascending(tasks.map((t) => t.startedMs));
  const ends = ascending(tasks.map((t) => t.succeededMs));
  const startLatenciesMs = starts.map((start, k) => start - (k < slots ? times.enteredMs : ends[k - slots]));
  return {
    children,
    slots,
    spanMs,
    taskMs,
    overheadPerChildMs: (slots * spanMs - taskMs) / children,
    wallPerChildMs: (spanMs - taskMs / slots) / children,
    setupMs: starts[0] - times.enteredMs,
    closeMs: times.exitedMs - ends[ends.length - 1],
    startLatenciesMs,
  };
}

function spread(values: readonly number[]): Spread {
  return { median: median(values), p90: percentile(ascending(values), 90), mean: mean(values) };
}

export function summarizeMapRuns(runs: readonly MapOverhead[]): MapOverheadSummary {
  const of = (figure: (run: MapOverhead) => number) => spread(runs.map(figure));
  return {
    runs: runs.length,
    overheadPerChildMs: of((r) => r.overheadPerChildMs),
    wallPerChildMs: of((r) => r.wallPerChildMs),
    startLatencyMs: spread(runs.flatMap((r) => r.startLatenciesMs)),
    setupMs: of((r) => r.setupMs),
    closeMs: of((r) => r.closeMs),
  };
}
