import { ExecutionNotSucceededError, MissingEventError, MissingProbeError } from './errors.ts';
import { toEpochMs } from './timestamps.ts';
import type { ChainOverhead, HistoryEvent, ParallelOverhead, ProbeRecord, StepTiming, Transition } from './types.ts';

/** GetExecutionHistory's answer, or just its `events`. */
export type History = readonly HistoryEvent[] | { events: readonly HistoryEvent[] };

const TASK_FIELDS: Record<string, keyof StepTiming> = {
  TaskScheduled: 'scheduledMs',
  TaskStarted: 'startedMs',
  TaskSucceeded: 'succeededMs',
  TaskStateExited: 'exitedMs',
};

function eventsOf(history: History): readonly HistoryEvent[] {
  return Array.isArray(history) ? history : (history as { events: readonly HistoryEvent[] }).events;
}

type EndDetails = { error?: string; cause?: string };
const FAILED_ENDS: Record<string, string> = {
  ExecutionFailed: 'executionFailedEventDetails',
  ExecutionAborted: 'executionAbortedEventDetails',
  ExecutionTimedOut: 'executionTimedOutEventDetails',
};

/** A failed execution still has some task events; measuring them would report a workflow that never ran whole. */
export function succeededEvents(history: History): readonly HistoryEvent[] {
  const events = eventsOf(history);
  const end = events.find((e) => e.type in FAILED_ENDS);
  if (end) {
    const details = (end as unknown as Record<string, EndDetails | undefined>)[FAILED_ENDS[end.type]];
    throw new ExecutionNotSucceededError(end.type, details?.error, details?.cause);
  }
  return events;
}

/**
 * Task events carry no state name; they chain to their TaskStateEntered through `previousEventId`
 * (TaskSucceeded → TaskStarted → TaskScheduled → TaskStateEntered), also when branches interleave.
 */
function owningEntered(event: HistoryEvent, byId: Map<number, HistoryEvent>): HistoryEvent | undefined {
  let current: HistoryEvent | undefined = event;
  for (let hops = 0; current && hops < 100; hops++) {
    if (current.type === 'TaskStateEntered') return current;
    current = current.previousEventId === undefined ? undefined : byId.get(current.previousEventId);
  }
  return undefined;
}

/**
 * Per Task state execution (one per TaskStateEntered, so Map iterations and re-entries are separate), in history
 * order. A retried task keeps its LAST TaskScheduled/TaskStarted: the attempt that produced the result.
 */
export function taskTimings(history: History): Array<StepTiming & { enteredId: number }> {
  const events = eventsOf(history);
  const byId = new Map(events.map((e) => [e.id, e]));
  const timings = new Map<number, StepTiming & { enteredId: number }>();
  for (const e of events) {
    if (e.type === 'TaskStateEntered') {
      timings.set(e.id, { name: e.stateEnteredEventDetails?.name ?? `#${e.id}`, enteredMs: toEpochMs(e.timestamp), enteredId: e.id });
      continue;
    }
    const field = TASK_FIELDS[e.type];
    const entered = field ? owningEntered(e, byId) : undefined;
    const timing = entered ? timings.get(entered.id) : undefined;
    if (field && timing) (timing as unknown as Record<string, number>)[field] = toEpochMs(e.timestamp);
  }
  return [...timings.values()].sort((a, b) => a.enteredId - b.enteredId);
}

function required(value: number | undefined, what: string): number {
  if (value === undefined) throw new MissingEventError(what);
  return value;
}

function strip({ enteredId: _, ...timing }: StepTiming & { enteredId?: number }): StepTiming {
  return timing;
}

function chainFrom(source: ChainOverhead['source'], steps: StepTiming[]): ChainOverhead {
  if (steps.length === 0) throw new MissingEventError('task state');
  const transitions: Transition[] = steps.slice(1).map((next, i) => ({
    from: steps[i].name,
    to: next.name,
    overheadMs: next.enteredMs - required(steps[i].succeededMs, `TaskSucceeded for ${steps[i].name}`),
  }));
  const totalOverheadMs = transitions.reduce((sum, t) => sum + t.overheadMs, 0);
  const last = steps[steps.length - 1];
  const totalMs = required(last.exitedMs, `TaskStateExited for ${last.name}`) - steps[0].enteredMs;
  return { source, steps, transitions, totalOverheadMs, totalMs, overheadPct: (totalOverheadMs / totalMs) * 100 };
}

/**
 * The CHAIN table from an execution history. Per step: start = TaskStateEntered, end = TaskSucceeded;
 * Overhead_XY = T_Y_start − T_X_end; total = last TaskStateExited − first TaskStateEntered;
 * overhead % = Σ overheads / total × 100. `stepNames` picks the steps (default: every task state, in order).
 */
export function chainOverheadFromHistory(history: History, stepNames?: readonly string[]): ChainOverhead {
  const all = taskTimings(succeededEvents(history));
  const steps = stepNames ? stepNames.map((name) => pick(all, name)) : all;
  return chainFrom('history', steps.map(strip));
}

function pick<T extends StepTiming>(timings: readonly T[], name: string): T {
  const found = timings.find((t) => t.name === name);
  if (!found) throw new MissingEventError(`TaskStateEntered for ${name}`);
  return found;
}

function fanOutFrom(source: ParallelOverhead['source'], parallelStartMs: number, endMs: number, branches: StepTiming[]): ParallelOverhead {
  if (branches.length === 0) throw new MissingEventError('branch task');
  const starts = branches.map((b) => required(b.startedMs, `TaskStarted for ${b.name}`));
  const firstStartedMs = Math.min(...starts);
  const lastStartedMs = Math.max(...starts);
  const fanOutDelayMs = lastStartedMs - parallelStartMs;
  const totalMs = endMs - parallelStartMs;
  return {
    source,
    branches,
    parallelStartMs,
    firstStartedMs,
    lastStartedMs,
    fanOutDelayMs,
    startSpreadMs: lastStartedMs - firstStartedMs,
    totalMs,
    fanOutPct: (fanOutDelayMs / totalMs) * 100,
  };
}

/**
 * The PARALLEL table from an execution history: Fan-out delay = last branch TaskStarted − ParallelStateEntered,
 * total = ParallelStateExited − ParallelStateEntered. `container: 'Map'` measures a Map state the same way
 * (the batch workflow's ScoreChunks). `name` picks the state when there are several.
 */
export function fanOutFromHistory(history: History, options: { container?: 'Parallel' | 'Map'; name?: string } = {}): ParallelOverhead {
  const { enteredMs, exitedMs, tasks } = containerTasks(history, options.container ?? 'Parallel', options.name);
  return fanOutFrom('history', enteredMs, exitedMs, tasks);
}

/** A Map or Parallel state's run in a succeeded history: its entry, its exit and the Task states run inside it. */
export interface ContainerTasks {
  enteredMs: number;
  exitedMs: number;
  tasks: StepTiming[];
}

/** The first `<container>StateEntered` (named `name` when given), its exit, and the task states in between. */
export function containerTasks(history: History, container: 'Parallel' | 'Map', name?: string): ContainerTasks {
  const events = succeededEvents(history);
  const named = (details: { name: string } | undefined) => name === undefined || details?.name === name;
  const entered = events.find((e) => e.type === `${container}StateEntered` && named(e.stateEnteredEventDetails));
  if (!entered) throw new MissingEventError(`${container}StateEntered`);
  const exited = events.find((e) => e.type === `${container}StateExited` && e.id > entered.id && named(e.stateExitedEventDetails));
  if (!exited) throw new MissingEventError(`${container}StateExited`);
  const tasks = taskTimings(events).filter((t) => t.enteredId > entered.id && t.enteredId < exited.id);
  return { enteredMs: toEpochMs(entered.timestamp), exitedMs: toEpochMs(exited.timestamp), tasks: tasks.map(strip) };
}

/** The successful probe of a step (the latest, if a retry left several). */
function probeOf(records: readonly ProbeRecord[], step: string): ProbeRecord {
  const found = records
    .filter((r) => r.step === step && !r.error)
    .sort((a, b) => a.startMs - b.startMs)
    .at(-1);
  if (!found) throw new MissingProbeError(step);
  return found;
}

function probeTiming(r: ProbeRecord): StepTiming {
  return { name: r.step, enteredMs: r.startMs, startedMs: r.startMs, succeededMs: r.endMs, exitedMs: r.endMs };
}

/**
 * The CHAIN table from probe records, where the history is not available: a step runs from the handler's start
 * to its end, so Overhead_XY = Y.startMs − X.endMs also holds the Lambda invoke/return path, not only the
 * orchestrator: it is an upper bound of the history figure. `invokeToInvokeMs` uses `lastStepTime` (the previous
 * probe's invoke time, passed along by the workflow) as the AWS reference probes do.
 */
export function chainOverheadFromProbes(
  records: readonly ProbeRecord[],
  stepNames: readonly string[] = ['A', 'B', 'C'],
): ChainOverhead & { invokeToInvokeMs: Array<number | undefined> } {
  const probes = stepNames.map((step) => probeOf(records, step));
  const chain = chainFrom('probes', probes.map(probeTiming));
  const invokeToInvokeMs = probes.slice(1).map((p) => (p.lastStepTime === undefined ? undefined : p.startMs - p.lastStepTime));
  return { ...chain, invokeToInvokeMs };
}

/**
 * The PARALLEL table from probe records. The parallel start is `parallelStartMs` when the runner knows it (e.g.
 * the execution's start date), else the branches' `lastStepTime` (the trigger time in the execution input),
 * else the first branch start (then the fan-out delay equals the start spread).
 */
export function parallelOverheadFromProbes(
  records: readonly ProbeRecord[],
  options: { steps?: readonly string[]; parallelStartMs?: number } = {},
): ParallelOverhead {
  const probes = (options.steps ?? ['P1', 'P2', 'P3', 'P4', 'P5']).map((step) => probeOf(records, step));
  const given = options.parallelStartMs ?? probes.find((p) => p.lastStepTime !== undefined)?.lastStepTime;
  const start = given ?? Math.min(...probes.map((p) => p.startMs));
  const end = Math.max(...probes.map((p) => p.endMs));
  return fanOutFrom('probes', start, end, probes.map(probeTiming));
}
