import { laneKey } from './lanes.ts';
import type { MapRun } from './map-runs.ts';
import type { HistoryEvent, LibEvent, StateContainer, TaskAttempt } from './types.ts';

export interface HistoryInput {
  events: LibEvent[];
  attempts: TaskAttempt[];
  containers: Map<string, StateContainer>;
  roleArn: string;
  region: string;
  /** StopExecution's error/cause, for ExecutionAborted. */
  abort?: { error?: string; cause?: string };
  /** Distributed Map states: the engine runs each as a Task, AWS logs it as a Map with a map run. */
  distributedMaps?: Set<string>;
  /** The execution's map runs, in start order. */
  mapRuns?: MapRun[];
}

/** An AWS event before ids: `lane` links it to its neighbours; `closing` (a Map/Parallel end) follows its last child. */
interface Draft {
  lane: string;
  timestamp: number;
  closing: boolean;
  order: number;
  type: string;
  details: Record<string, unknown>;
}

const PREFIX: Record<string, string> = {
  Task: 'Task',
  Map: 'Map',
  Parallel: 'Parallel',
  Pass: 'Pass',
  Wait: 'Wait',
  Choice: 'Choice',
  Succeed: 'Succeed',
  Fail: 'Fail',
};

const json = (value: unknown): string => JSON.stringify(value ?? null);
const text = (value: unknown): string => (typeof value === 'string' ? value : json(value));

/**
 * Turns the engine's event log plus the recorded Task attempts into AWS `GetExecutionHistory` events: AWS type
 * names and detail objects, ascending timestamps, ids from 1, `previousEventId` pointing at the previous event of
 * the same lane (the root, one Map iteration or one Parallel branch).
 */
export function buildHistory(input: HistoryInput): HistoryEvent[] {
  const drafts: Draft[] = [];
  const add = (lane: string, timestamp: number, type: string, details: Record<string, unknown> = {}, closing = false): void => {
    drafts.push({ lane, timestamp, closing, order: drafts.length, type, details });
  };
  const tracker: Tracker = { pending: new Map(), openIterations: new Map(), failed: new Set() };
  for (const attempt of input.attempts) {
    const key = `${attempt.lane}|${attempt.state}`;
    tracker.pending.set(key, [...(tracker.pending.get(key) ?? []), attempt]);
  }
  for (const event of causalOrder(input.events, input.containers)) translate(event, input, tracker, add);
  // Attempts no state event closed: still running, or abandoned when a sibling iteration failed (no outcome logged).
  for (const attempts of tracker.pending.values())
    if (attempts.length > 0) addAttempts(attempts, attempts[0].lane, input.region, add, false);
  drafts.sort((a, b) => a.timestamp - b.timestamp || a.order - b.order);
  return assignIds(drafts);
}

/** The Map / Parallel state a nested engine event belongs to ('' for root events). */
function containerOf(event: LibEvent, containers: Map<string, StateContainer>): string {
  if (event.type.startsWith('MapIteration')) return event.parentState?.name ?? '';
  if (event.state && !event.type.startsWith('Execution')) return containers.get(event.state.name)?.container ?? '';
  return '';
}

const isRootClose = (event: LibEvent, name: string): boolean =>
  (event.type === 'StateExited' || event.type === 'StateFailed') && event.state?.name === name;

/**
 * The engine forwards nested events (iterations, branches) to the root log asynchronously, so the last ones can
 * arrive after their Map/Parallel state already exited, and after the next state entered. Moves each such event
 * back before its container's exit, which is where it happened.
 */
export function causalOrder(events: LibEvent[], containers: Map<string, StateContainer>): LibEvent[] {
  const ordered: LibEvent[] = [];
  for (const event of events) {
    const container = containerOf(event, containers);
    if (container === '') {
      ordered.push(event);
      continue;
    }
    const entered = ordered.findLastIndex(
      (e) => e.type === 'StateEntered' && e.state?.name === container && containerOf(e, containers) === '',
    );
    const closeAt = ordered.findIndex((e, i) => i > entered && isRootClose(e, container) && containerOf(e, containers) === '');
    if (closeAt < 0) ordered.push(event);
    else ordered.splice(closeAt, 0, event);
  }
  return ordered;
}

/** What translation remembers between events. */
interface Tracker {
  /** Task attempts per `lane|state`, consumed by the state's failure / exit. */
  pending: Map<string, TaskAttempt[]>;
  /** Map iterations started and not yet finished, per Map state. */
  openIterations: Map<string, Set<number>>;
  /** `lane|state` of Map/Parallel states that failed (a Catch then exits them without success). */
  failed: Set<string>;
}

type Add = (lane: string, timestamp: number, type: string, details?: Record<string, unknown>, closing?: boolean) => void;

function translate(event: LibEvent, input: HistoryInput, tracker: Tracker, add: Add): void {
  const at = event.timestamp;
  switch (event.type) {
    case 'ExecutionStarted':
      return add('', at, 'ExecutionStarted', {
        executionStartedEventDetails: { input: json(event.input), inputDetails: { truncated: false }, roleArn: input.roleArn },
      });
    case 'ExecutionSucceeded':
      return add('', at, 'ExecutionSucceeded', {
        executionSucceededEventDetails: { output: json(event.output), outputDetails: { truncated: false } },
      });
    case 'ExecutionFailed':
      return add('', at, 'ExecutionFailed', { executionFailedEventDetails: { error: event.Error, cause: text(event.Cause) } });
    case 'ExecutionAborted':
      return add('', at, 'ExecutionAborted', { executionAbortedEventDetails: { ...input.abort } });
    case 'ExecutionTimeout':
      return add('', at, 'ExecutionTimedOut', { executionTimedOutEventDetails: {} });
    case 'MapIterationStarted':
    case 'MapIterationSucceeded':
    case 'MapIterationFailed': {
      const name = event.parentState?.name ?? '';
      const lane = laneKey({ container: name, kind: 'map' }, event.index);
      const key = `mapIteration${event.type.slice('MapIteration'.length)}EventDetails`;
      const open = tracker.openIterations.get(name) ?? new Set<number>();
      tracker.openIterations.set(name, open);
      if (event.type === 'MapIterationStarted') open.add(event.index ?? 0);
      else open.delete(event.index ?? 0);
      return add(lane, at, event.type, { [key]: { name, index: event.index } });
    }
    case 'StateEntered':
    case 'StateExited':
    case 'StateFailed':
      return translateState(event, input, tracker, add);
    default:
      return; // StateRetried, StateCaught, ParallelBranch*: AWS has no such events
  }
}

function translateState(event: LibEvent, input: HistoryInput, tracker: Tracker, add: Add): void {
  const state = event.state!;
  const lane = laneKey(input.containers.get(state.name), event.index);
  if (input.distributedMaps?.has(state.name)) return translateDistributedMap(event, lane, input, add);
  const prefix = PREFIX[state.type] ?? state.type;
  const at = event.timestamp;
  const container = state.type === 'Map' || state.type === 'Parallel';
  if (event.type === 'StateEntered') {
    add(lane, at, `${prefix}StateEntered`, {
      stateEnteredEventDetails: { name: state.name, input: json(state.input), inputDetails: { truncated: false } },
    });
    if (state.type === 'Map')
      add(lane, at, 'MapStateStarted', { mapStateStartedEventDetails: { length: iterationCount(input.events, state.name, at) } });
    if (state.type === 'Parallel') add(lane, at, 'ParallelStateStarted');
    return;
  }
  const key = `${lane}|${state.name}`;
  const queue = tracker.pending.get(key) ?? [];
  if (event.type === 'StateFailed') {
    if (state.type === 'Task') addAttempts(queue.splice(0, 1), lane, input.region, add);
    if (state.type === 'Map') abortOpenIterations(state.name, at, tracker, add);
    if (container) add(lane, at, `${prefix}StateFailed`, {}, true);
    if (container) tracker.failed.add(key);
    return;
  }
  if (state.type === 'Task') addAttempts(queue.splice(0), lane, input.region, add);
  if (container && !tracker.failed.delete(key)) add(lane, at, `${prefix}StateSucceeded`, {}, true);
  add(lane, at, `${prefix}StateExited`, {
    stateExitedEventDetails: { name: state.name, output: json(state.output), outputDetails: { truncated: false } },
  });
}

/**
 * A Distributed Map: MapStateEntered, then per map run (a Retry makes another) MapRunStarted and its outcome,
 * then MapStateExited when it succeeded; a failed map run's error fails the state (Catch or ExecutionFailed follow).
 */
function translateDistributedMap(event: LibEvent, lane: string, input: HistoryInput, add: Add): void {
  const state = event.state!;
  const at = event.timestamp;
  if (event.type === 'StateFailed') return;
  if (event.type === 'StateExited') {
    return add(lane, at, 'MapStateExited', {
      stateExitedEventDetails: { name: state.name, output: json(state.output), outputDetails: { truncated: false } },
    });
  }
  add(lane, at, 'MapStateEntered', {
    stateEnteredEventDetails: { name: state.name, input: json(state.input), inputDetails: { truncated: false } },
  });
  const nextEntry = input.events.find((e) => e.type === 'StateEntered' && e.state?.name === state.name && e.timestamp > at)?.timestamp;
  const runs = (input.mapRuns ?? []).filter(
    (r) => r.stateName === state.name && r.startDate >= at && (nextEntry === undefined || r.startDate < nextEntry),
  );
  for (const run of runs) {
    add(lane, run.startDate, 'MapRunStarted', { mapRunStartedEventDetails: { mapRunArn: run.mapRunArn } });
    if (run.stopDate === undefined) continue;
    if (run.status === 'SUCCEEDED') add(lane, run.stopDate, 'MapRunSucceeded');
    else if (run.status === 'FAILED')
      add(lane, run.stopDate, 'MapRunFailed', { mapRunFailedEventDetails: { error: run.error, cause: run.cause } });
    else add(lane, run.stopDate, 'MapRunAborted');
  }
}

/** Iterations still running when their Map fails are stopped: AWS logs MapIterationAborted for each. */
function abortOpenIterations(mapName: string, at: number, tracker: Tracker, add: Add): void {
  const open = tracker.openIterations.get(mapName) ?? new Set<number>();
  for (const index of [...open].sort((a, b) => a - b)) {
    add(laneKey({ container: mapName, kind: 'map' }, index), at, 'MapIterationAborted', {
      mapIterationAbortedEventDetails: { name: mapName, index },
    });
  }
  open.clear();
}

/** AWS puts the item count in MapStateStarted; the engine logs one MapIterationStarted per item. */
function iterationCount(events: LibEvent[], mapName: string, enteredAt: number): number {
  const starts = events.filter((e) => e.type === 'MapIterationStarted' && e.parentState?.name === mapName && e.timestamp >= enteredAt);
  return new Set(starts.map((e) => e.index)).size;
}

function addAttempts(attempts: TaskAttempt[], lane: string, region: string, add: Add, withOutcome = true): void {
  for (const attempt of attempts) {
    const resource = { resourceType: attempt.resourceType, resource: attempt.resource };
    add(lane, attempt.scheduledAt, 'TaskScheduled', { taskScheduledEventDetails: { ...resource, region, parameters: attempt.parameters } });
    add(lane, attempt.scheduledAt, 'TaskStarted', { taskStartedEventDetails: resource });
    if (!withOutcome) continue;
    const ended = attempt.endedAt ?? attempt.scheduledAt;
    if (attempt.error) add(lane, ended, 'TaskFailed', { taskFailedEventDetails: { ...resource, ...attempt.error } });
    else if (attempt.output !== undefined) {
      add(lane, ended, 'TaskSucceeded', {
        taskSucceededEventDetails: { ...resource, output: attempt.output, outputDetails: { truncated: false } },
      });
    } else add(lane, ended, 'TaskTimedOut', { taskTimedOutEventDetails: { ...resource, error: 'States.Timeout' } });
  }
}

/**
 * Ids in time order. The first event of a Map iteration / branch follows the root lane's latest (its container's
 * start); a container's end follows whatever came last (its last child).
 */
function assignIds(drafts: Draft[]): HistoryEvent[] {
  const lastInLane = new Map<string, number>();
  return drafts.map((draft, position) => {
    const id = position + 1;
    const previousEventId = draft.closing ? position : (lastInLane.get(draft.lane) ?? lastInLane.get('') ?? 0);
    lastInLane.set(draft.lane, id);
    return { timestamp: draft.timestamp, type: draft.type, id, previousEventId, ...draft.details };
  });
}
