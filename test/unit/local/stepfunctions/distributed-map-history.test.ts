import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildHistory } from '../../../../local/stepfunctions/build-history.ts';
import type { MapRun } from '../../../../local/stepfunctions/map-runs.ts';
import type { LibEvent } from '../../../../local/stepfunctions/types.ts';

const mapState = (input: unknown, output?: unknown) => ({ name: 'Chunks', type: 'Task', input, output });

function mapRun(fields: Partial<MapRun>): MapRun {
  return {
    mapRunArn: 'arn:aws:states:us-east-1:000000000000:mapRun:sm/Chunks:1',
    executionArn: 'arn:aws:states:us-east-1:000000000000:execution:sm:e',
    stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:sm/Chunks',
    stateName: 'Chunks',
    status: 'SUCCEEDED',
    startDate: 11,
    stopDate: 20,
    maxConcurrency: 1,
    toleratedFailureCount: 0,
    toleratedFailurePercentage: 0,
    children: [],
    resultsWritten: 0,
    abortRequested: false,
    ...fields,
  };
}

const history = (events: LibEvent[], runs: MapRun[]) =>
  buildHistory({
    events,
    attempts: [],
    containers: new Map(),
    roleArn: 'role',
    region: 'us-east-1',
    distributedMaps: new Set(['Chunks']),
    mapRuns: runs,
  });

test('a Distributed Map the engine ran as a Task is logged as AWS logs it: Map state events around its map run', () => {
  // prepare
  const events: LibEvent[] = [
    { type: 'ExecutionStarted', timestamp: 10, input: {} },
    { type: 'StateEntered', timestamp: 10, state: mapState({}) },
    { type: 'StateExited', timestamp: 20, state: mapState({}, [1]) },
    { type: 'ExecutionSucceeded', timestamp: 21, output: [1] },
  ];
  // act
  const built = history(events, [mapRun({})]);
  // assert
  assert.deepEqual(
    built.map((e) => e.type),
    ['ExecutionStarted', 'MapStateEntered', 'MapRunStarted', 'MapRunSucceeded', 'MapStateExited', 'ExecutionSucceeded'],
  );
  assert.deepEqual(built[2].mapRunStartedEventDetails, { mapRunArn: 'arn:aws:states:us-east-1:000000000000:mapRun:sm/Chunks:1' });
});

test('a failed map run: MapRunFailed with its error and cause, no MapStateExited; a retry logs its second map run', () => {
  // prepare
  const events: LibEvent[] = [
    { type: 'ExecutionStarted', timestamp: 10, input: {} },
    { type: 'StateEntered', timestamp: 10, state: mapState({}) },
    { type: 'StateFailed', timestamp: 40, state: mapState({}), Error: 'States.ExceedToleratedFailureThreshold' },
    { type: 'ExecutionFailed', timestamp: 41, Error: 'States.ExceedToleratedFailureThreshold', Cause: 'too many' },
  ];
  const failure = { status: 'FAILED' as const, error: 'States.ExceedToleratedFailureThreshold', cause: 'too many' };
  const runs = [
    mapRun({ ...failure, startDate: 11, stopDate: 20 }),
    mapRun({ ...failure, mapRunArn: 'second', startDate: 30, stopDate: 39 }),
  ];
  // act
  const built = history(events, runs);
  // assert
  assert.deepEqual(
    built.map((e) => e.type),
    ['ExecutionStarted', 'MapStateEntered', 'MapRunStarted', 'MapRunFailed', 'MapRunStarted', 'MapRunFailed', 'ExecutionFailed'],
  );
  assert.deepEqual(built[3].mapRunFailedEventDetails, { error: 'States.ExceedToleratedFailureThreshold', cause: 'too many' });
});
