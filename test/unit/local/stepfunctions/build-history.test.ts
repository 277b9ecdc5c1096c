import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildHistory, causalOrder } from '../../../../local/stepfunctions/build-history.ts';
import { mapContainers } from '../../../../local/stepfunctions/lanes.ts';
import type { AslDefinition, LibEvent, TaskAttempt } from '../../../../local/stepfunctions/types.ts';
import { assertInOrder } from '../../../helpers/assert-in-order.ts';

const task = { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f', 'Payload.$': '$' } };
const definition: AslDefinition = {
  StartAt: 'Plan',
  States: {
    Plan: { ...task, Next: 'Score' },
    Score: { Type: 'Map', ItemProcessor: { StartAt: 'ScoreOne', States: { ScoreOne: { ...task, End: true } } }, Next: 'Done' },
    Done: { Type: 'Fail', Error: 'JobFailed', Cause: 'c' },
  },
};
const { byState } = mapContainers(definition);

const state = (type: string, name: string, stateType: string, timestamp: number, extra: Partial<LibEvent> = {}): LibEvent => ({
  type,
  timestamp,
  state: { name, type: stateType, input: { n: 1 }, ...(type === 'StateExited' ? { output: { out: 1 } } : {}) },
  ...extra,
});
const attempt = (lane: string, name: string, at: number, ok: boolean): TaskAttempt => ({
  lane,
  state: name,
  resourceType: 'lambda',
  resource: 'invoke',
  parameters: '{"FunctionName":"f"}',
  scheduledAt: at,
  endedAt: at + 1,
  ...(ok ? { output: '{"Payload":1}' } : { error: { error: 'Lambda.ServiceException', cause: 'x' } }),
});

/** The engine's log of: Plan (fails once, retried), Map with one iteration whose end arrives late, Fail state. */
function engineLog(): LibEvent[] {
  return [
    { type: 'ExecutionStarted', timestamp: 100, input: { job: 1 } },
    state('StateEntered', 'Plan', 'Task', 100),
    state('StateFailed', 'Plan', 'Task', 102, { Error: 'Lambda.ServiceException', Cause: 'x' }),
    state('StateRetried', 'Plan', 'Task', 103),
    state('StateExited', 'Plan', 'Task', 105),
    state('StateEntered', 'Score', 'Map', 106),
    { type: 'MapIterationStarted', timestamp: 106, index: 0, parentState: { name: 'Score', type: 'Map' } },
    state('StateEntered', 'ScoreOne', 'Task', 106, { index: 0 }),
    state('StateExited', 'ScoreOne', 'Task', 108, { index: 0 }),
    state('StateExited', 'Score', 'Map', 108),
    state('StateEntered', 'Done', 'Fail', 108),
    // forwarded late by the engine: happened before Score exited
    { type: 'MapIterationSucceeded', timestamp: 108, index: 0, parentState: { name: 'Score', type: 'Map' } },
    state('StateFailed', 'Done', 'Fail', 108, { Error: 'JobFailed', Cause: 'c' }),
    { type: 'ExecutionFailed', timestamp: 109, Error: 'JobFailed', Cause: 'c' },
  ];
}

function history() {
  return buildHistory({
    events: engineLog(),
    attempts: [attempt('', 'Plan', 101, false), attempt('', 'Plan', 103, true), attempt('Score#0', 'ScoreOne', 107, true)],
    containers: byState,
    roleArn: 'role',
    region: 'us-east-1',
  });
}

test('translates the engine log into AWS event types, in causal order', () => {
  // act
  const types = history().map((e) => e.type);
  // assert
  assert.deepEqual(types, [
    'ExecutionStarted',
    'TaskStateEntered',
    'TaskScheduled',
    'TaskStarted',
    'TaskFailed',
    'TaskScheduled',
    'TaskStarted',
    'TaskSucceeded',
    'TaskStateExited',
    'MapStateEntered',
    'MapStateStarted',
    'MapIterationStarted',
    'TaskStateEntered',
    'TaskScheduled',
    'TaskStarted',
    'TaskSucceeded',
    'TaskStateExited',
    'MapIterationSucceeded',
    'MapStateSucceeded',
    'MapStateExited',
    'FailStateEntered',
    'ExecutionFailed',
  ]);
});

test('ids count from 1, timestamps never go back, previousEventId follows the lane', () => {
  // act
  const events = history();
  // assert
  assert.deepEqual(
    events.map((e) => e.id),
    events.map((_, i) => i + 1),
  );
  for (let i = 1; i < events.length; i++) assert.ok(events[i].timestamp >= events[i - 1].timestamp);
  assert.equal(events[0].previousEventId, 0);
  const iterationStart = events.find((e) => e.type === 'MapIterationStarted')!;
  assert.equal(iterationStart.previousEventId, events.find((e) => e.type === 'MapStateStarted')!.id);
  const mapSucceeded = events.find((e) => e.type === 'MapStateSucceeded')!;
  assert.equal(mapSucceeded.previousEventId, mapSucceeded.id - 1);
});

test('detail objects have the AWS shapes', () => {
  // act
  const events = history();
  const byType = (type: string) => events.find((e) => e.type === type)!;
  // assert
  assert.deepEqual(byType('ExecutionStarted').executionStartedEventDetails, {
    input: '{"job":1}',
    inputDetails: { truncated: false },
    roleArn: 'role',
  });
  assert.deepEqual(byType('TaskStateEntered').stateEnteredEventDetails, {
    name: 'Plan',
    input: '{"n":1}',
    inputDetails: { truncated: false },
  });
  assert.deepEqual(byType('TaskScheduled').taskScheduledEventDetails, {
    resourceType: 'lambda',
    resource: 'invoke',
    region: 'us-east-1',
    parameters: '{"FunctionName":"f"}',
  });
  assert.deepEqual(byType('TaskFailed').taskFailedEventDetails, {
    resourceType: 'lambda',
    resource: 'invoke',
    error: 'Lambda.ServiceException',
    cause: 'x',
  });
  assert.deepEqual(byType('TaskSucceeded').taskSucceededEventDetails, {
    resourceType: 'lambda',
    resource: 'invoke',
    output: '{"Payload":1}',
    outputDetails: { truncated: false },
  });
  assert.deepEqual(byType('MapStateStarted').mapStateStartedEventDetails, { length: 1 });
  assert.deepEqual(byType('MapIterationSucceeded').mapIterationSucceededEventDetails, { name: 'Score', index: 0 });
  assert.deepEqual(byType('ExecutionFailed').executionFailedEventDetails, { error: 'JobFailed', cause: 'c' });
});

test('causalOrder moves a late nested event before its container exit', () => {
  // act
  const ordered = causalOrder(engineLog(), byState).map((e) => `${e.type}:${e.state?.name ?? e.parentState?.name ?? ''}`);
  // assert
  assertInOrder(ordered, ['MapIterationSucceeded:Score', 'StateExited:Score', 'StateEntered:Done']);
});

test('a failed Map caught by Catch: sibling iterations aborted, no MapStateSucceeded, running attempts without outcome', () => {
  // prepare
  const mapEntry = (type: string, index: number, at: number): LibEvent => ({
    type,
    timestamp: at,
    index,
    parentState: { name: 'Score', type: 'Map' },
  });
  const events: LibEvent[] = [
    { type: 'ExecutionStarted', timestamp: 100, input: {} },
    state('StateEntered', 'Score', 'Map', 100),
    mapEntry('MapIterationStarted', 0, 100),
    state('StateEntered', 'ScoreOne', 'Task', 100, { index: 0 }),
    mapEntry('MapIterationStarted', 1, 100),
    state('StateEntered', 'ScoreOne', 'Task', 100, { index: 1 }),
    state('StateFailed', 'ScoreOne', 'Task', 101, { index: 1, Error: 'E', Cause: 'c' }),
    mapEntry('MapIterationFailed', 1, 101),
    state('StateFailed', 'Score', 'Map', 102, { Error: 'E', Cause: 'c' }),
    state('StateCaught', 'Score', 'Map', 102),
    state('StateExited', 'Score', 'Map', 102),
  ];
  const running: TaskAttempt = { ...attempt('Score#0', 'ScoreOne', 100, true), endedAt: undefined, output: undefined };
  // act
  const types = buildHistory({
    events,
    attempts: [running, attempt('Score#1', 'ScoreOne', 100, false)],
    containers: byState,
    roleArn: 'r',
    region: 'us-east-1',
  }).map((e) => e.type);
  // assert
  assert.ok(!types.includes('MapStateSucceeded'));
  assert.deepEqual(types.slice(-3), ['MapIterationAborted', 'MapStateFailed', 'MapStateExited']);
  assert.equal(types.filter((t) => t === 'TaskStarted').length, 2);
  assert.equal(types.filter((t) => t === 'TaskFailed').length, 1);
  assert.ok(!types.includes('TaskTimedOut'));
});
