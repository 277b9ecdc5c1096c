import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExecutionNotSucceededError, MissingEventError } from '../../../bench/lib/errors.ts';
import { distributedMapTimes, inlineMapTimes, mapOverhead, summarizeMapRuns, type MapOverhead } from '../../../bench/lib/map-overhead.ts';
import type { HistoryEvent } from '../../../bench/lib/types.ts';

const T0 = Date.parse('2026-12-02T08:00:00.000Z');

/** [ms after T0, event type, state name]: ids from 1, each event following the one before (no interleaving). */
type Line = [number, string, string?];

function history(lines: Line[]): HistoryEvent[] {
  return lines.map(([atMs, type, name], i) => ({
    id: i + 1,
    previousEventId: i,
    timestamp: new Date(T0 + atMs),
    type,
    ...(name && type.endsWith('StateEntered') ? { stateEnteredEventDetails: { name } } : {}),
    ...(name && type.endsWith('StateExited') ? { stateExitedEventDetails: { name } } : {}),
  }));
}

/** One child's Lambda task: entered and scheduled at `startMs`, started then, succeeded `workMs` later. */
const task = (startMs: number, workMs: number): Line[] => [
  [startMs, 'TaskStateEntered', 'Work'],
  [startMs, 'TaskScheduled'],
  [startMs, 'TaskStarted'],
  [startMs + workMs, 'TaskSucceeded'],
  [startMs + workMs, 'TaskStateExited', 'Work'],
];

const iteration = (startMs: number, workMs: number): Line[] => [
  [startMs - 1, 'MapIterationStarted'],
  ...task(startMs, workMs),
  [startMs + workMs, 'MapIterationSucceeded'],
];

const child = (startMs: number, workMs: number, end = 'ExecutionSucceeded'): HistoryEvent[] =>
  history([[startMs - 1, 'ExecutionStarted'], ...task(startMs, workMs), [startMs + workMs + 1, end]]);

const distributedParent = history([
  [0, 'ExecutionStarted'],
  [0, 'MapStateEntered', 'Children'],
  [1, 'MapRunStarted'],
  [30, 'MapRunSucceeded'],
  [31, 'MapStateExited', 'Children'],
  [31, 'ExecutionSucceeded'],
]);

test('inline Map at MaxConcurrency 1: (exited − entered − Σ task) / N per child, each start after the previous end', () => {
  // prepare: 3 iterations of 10 ms work starting at 2, 15 and 28 ms; the Map exits at 40 ms
  const events = history([
    [0, 'ExecutionStarted'],
    [0, 'MapStateEntered', 'Children'],
    [0, 'MapStateStarted'],
    ...iteration(2, 10),
    ...iteration(15, 10),
    ...iteration(28, 10),
    [40, 'MapStateSucceeded'],
    [40, 'MapStateExited', 'Children'],
    [40, 'ExecutionSucceeded'],
  ]);
  // act
  const overhead = mapOverhead(inlineMapTimes(events), 1);
  // assert
  assert.deepEqual(
    { ...overhead, overheadPerChildMs: overhead.overheadPerChildMs.toFixed(3), wallPerChildMs: overhead.wallPerChildMs.toFixed(3) },
    {
      children: 3,
      slots: 1,
      spanMs: 40,
      taskMs: 30,
      overheadPerChildMs: (10 / 3).toFixed(3),
      wallPerChildMs: (10 / 3).toFixed(3),
      setupMs: 2,
      closeMs: 2,
      startLatenciesMs: [2, 15 - 12, 28 - 25],
    },
  );
});

test('Distributed Map at MaxConcurrency 2: span from the parent, tasks from the children, a start waits for the end that freed its slot', () => {
  // prepare: children listed newest first, as ListExecutions answers; tasks 6–16, 7–19 and 18–28 ms
  const children = [child(18, 10), child(6, 10), child(7, 12)];
  // act
  const overhead = mapOverhead(distributedMapTimes(distributedParent, children), 2);
  // assert
  assert.deepEqual(overhead, {
    children: 3,
    slots: 2,
    spanMs: 31,
    taskMs: 32,
    overheadPerChildMs: (2 * 31 - 32) / 3,
    wallPerChildMs: (31 - 32 / 2) / 3,
    setupMs: 6,
    closeMs: 31 - 28,
    startLatenciesMs: [6, 7, 18 - 16],
  });
});

test('MaxConcurrency above the child count counts one slot per child', () => {
  // act
  const overhead = mapOverhead(distributedMapTimes(distributedParent, [child(6, 10), child(7, 12)]), 8);
  // assert
  assert.equal(overhead.slots, 2);
  assert.equal(overhead.overheadPerChildMs, (2 * 31 - 22) / 2);
});

test('a failed child is not measured: its history names how it ended', () => {
  // prepare
  const children = [child(6, 10), child(7, 12, 'ExecutionFailed')];
  // act + assert
  assert.throws(() => distributedMapTimes(distributedParent, children), ExecutionNotSucceededError);
});

test('a Map whose children ran no task cannot be measured', () => {
  // act + assert
  assert.throws(() => mapOverhead(distributedMapTimes(distributedParent, []), 1), MissingEventError);
});

test('runs summarized: median, nearest-rank p90 and mean of the per-run figures, start latencies over every child', () => {
  // prepare
  const run = (overheadPerChildMs: number, startLatenciesMs: number[]): MapOverhead => ({
    children: startLatenciesMs.length,
    slots: 1,
    spanMs: 0,
    taskMs: 0,
    overheadPerChildMs,
    wallPerChildMs: overheadPerChildMs / 2,
    setupMs: 5,
    closeMs: 20,
    startLatenciesMs,
  });
  const runs = [run(1, [0, 1]), run(3, [0, 0]), run(2, [1, 2]), run(10, [9, 0]), run(4, [0, 0])];
  // act
  const summary = summarizeMapRuns(runs);
  // assert
  assert.deepEqual(summary, {
    runs: 5,
    overheadPerChildMs: { median: 3, p90: 10, mean: 4 },
    wallPerChildMs: { median: 1.5, p90: 5, mean: 2 },
    startLatencyMs: { median: 0, p90: 2, mean: 1.3 },
    setupMs: { median: 5, p90: 5, mean: 5 },
    closeMs: { median: 20, p90: 20, mean: 20 },
  });
});
