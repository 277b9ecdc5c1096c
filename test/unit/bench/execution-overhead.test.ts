import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  chainOverheadFromHistory,
  chainOverheadFromProbes,
  fanOutFromHistory,
  parallelOverheadFromProbes,
  taskTimings,
} from '../../../bench/lib/execution-overhead.ts';
import { MissingEventError, MissingProbeError } from '../../../bench/lib/errors.ts';
import type { HistoryEvent, ProbeRecord } from '../../../bench/lib/types.ts';

interface Fixture {
  published: Record<string, number>;
  events: HistoryEvent[];
}

const load = (name: string): Fixture => JSON.parse(readFileSync(new URL(`../../fixtures/bench/${name}`, import.meta.url), 'utf8'));

test('the AWS reference CHAIN history reproduces the published 23 ms, 27 ms, 50 ms, 485 ms and 10.3 %', () => {
  // prepare
  const fixture = load('reference-chain-history.json');
  // act
  const chain = chainOverheadFromHistory(fixture);
  // assert
  assert.deepEqual(
    chain.steps.map((s) => s.name),
    ['Chain_Step_A', 'Chain_Step_B', 'Chain_Step_C'],
  );
  assert.deepEqual(
    chain.transitions.map((t) => t.overheadMs),
    [fixture.published.overheadAbMs, fixture.published.overheadBcMs],
  );
  assert.equal(chain.totalOverheadMs, 50);
  assert.equal(chain.totalMs, 485);
  assert.equal(Number(chain.overheadPct.toFixed(1)), fixture.published.overheadPct);
});

test('the CHAIN figures do not depend on the timestamp form (Date, epoch seconds, epoch ms, ISO)', () => {
  // prepare
  const { events } = load('reference-chain-history.json');
  const forms = [(iso: string) => new Date(iso), (iso: string) => Date.parse(iso) / 1000, (iso: string) => Date.parse(iso)];
  for (const form of forms) {
    const converted = events.map((e) => ({ ...e, timestamp: form(e.timestamp as string) }));
    // act
    const chain = chainOverheadFromHistory(converted, ['Chain_Step_A', 'Chain_Step_B', 'Chain_Step_C']);
    // assert
    assert.deepEqual(
      chain.transitions.map((t) => Math.round(t.overheadMs)),
      [23, 27],
    );
    assert.equal(Math.round(chain.totalMs), 485);
  }
});

test('the AWS reference PARALLEL history reproduces the published 102 ms fan-out, 369 ms and 27.6 %', () => {
  // prepare
  const fixture = load('reference-parallel-history.json');
  // act
  const parallel = fanOutFromHistory(fixture, { name: 'Parallel_Fan_Out' });
  // assert
  assert.equal(parallel.branches.length, 5);
  assert.equal(parallel.fanOutDelayMs, fixture.published.fanOutDelayMs);
  assert.equal(parallel.totalMs, fixture.published.totalMs);
  assert.equal(Number(parallel.fanOutPct.toFixed(1)), fixture.published.fanOutPct);
  assert.equal(parallel.startSpreadMs, 614 - 541);
});

test('interleaved branch events are attributed to their own state through previousEventId', () => {
  // prepare
  const { events } = load('reference-parallel-history.json');
  // act
  const timings = taskTimings(events);
  // assert
  const p5 = timings.find((t) => t.name === 'P5');
  assert.equal(new Date(p5?.startedMs ?? 0).toISOString(), '2025-11-04T16:47:17.614Z');
  assert.equal(new Date(p5?.exitedMs ?? 0).toISOString(), '2025-11-04T16:47:17.876Z');
});

test('a history without the needed events is refused with the event named', () => {
  // prepare
  const { events } = load('reference-chain-history.json');
  const withoutExit = events.filter((e) => !(e.type === 'TaskStateExited' && e.stateExitedEventDetails?.name === 'Chain_Step_C'));
  // act + assert
  assert.throws(() => chainOverheadFromHistory(withoutExit), MissingEventError);
  assert.throws(() => fanOutFromHistory(events), /ParallelStateEntered/);
  assert.throws(() => chainOverheadFromHistory(events, ['Chain_Step_X']), /Chain_Step_X/);
});

const probe = (step: string, startMs: number, endMs: number, lastStepTime?: number): ProbeRecord => ({
  step,
  startMs,
  endMs,
  lastStepTime,
});

test('CHAIN from probe records: next start − previous end, and invoke-to-invoke from lastStepTime', () => {
  // prepare
  const records = [probe('A', 1000, 1010, 900), probe('B', 1050, 1060, 1000), probe('C', 1100, 1130, 1050), probe('B', 1040, 1041)];
  records[3].error = 'boom'; // a failed attempt is not the step's timing
  // act
  const chain = chainOverheadFromProbes(records);
  // assert
  assert.equal(chain.source, 'probes');
  assert.deepEqual(
    chain.transitions.map((t) => t.overheadMs),
    [40, 40],
  );
  assert.equal(chain.totalMs, 130);
  assert.equal(chain.overheadPct, (80 / 130) * 100);
  assert.deepEqual(chain.invokeToInvokeMs, [50, 50]);
  assert.throws(() => chainOverheadFromProbes(records, ['A', 'D']), MissingProbeError);
});

test('PARALLEL from probe records uses the given start, else lastStepTime, else the first branch start', () => {
  // prepare
  const steps = ['P1', 'P2', 'P3'];
  const records = [probe('P1', 1010, 1100, 1000), probe('P2', 1030, 1090, 1000), probe('P3', 1020, 1200, 1000)];
  // act
  const given = parallelOverheadFromProbes(records, { steps, parallelStartMs: 990 });
  const fromLastStep = parallelOverheadFromProbes(records, { steps });
  const fromBranches = parallelOverheadFromProbes(
    records.map(({ lastStepTime: _, ...r }) => r),
    { steps },
  );
  // assert
  assert.equal(given.fanOutDelayMs, 40);
  assert.equal(given.totalMs, 210);
  assert.equal(fromLastStep.fanOutDelayMs, 30);
  assert.equal(fromBranches.fanOutDelayMs, 20);
  assert.equal(fromBranches.startSpreadMs, 20);
});

test('a failed execution is refused with its error and cause', () => {
  // prepare
  const { events } = load('reference-chain-history.json');
  const failed = [
    ...events.slice(0, 9),
    {
      timestamp: '2025-11-04T16:42:47.481Z',
      type: 'ExecutionFailed',
      id: 10,
      previousEventId: 9,
      executionFailedEventDetails: {
        error: 'States.Runtime',
        cause: "Path expression '$.Payload.last_step_time' does not point to a value",
      },
    } as HistoryEvent,
  ];
  // act + assert
  assert.throws(() => chainOverheadFromHistory(failed), /ExecutionFailed: States\.Runtime — Path expression/);
});

test('a Map state is measured like a Parallel state (the batch workflow ScoreChunks)', () => {
  // prepare: the PARALLEL history with its container events renamed to a Map's
  const { events } = load('reference-parallel-history.json');
  const asMap = events.map((e) => ({
    ...e,
    type: e.type.replace(/^Parallel/, 'Map'),
    ...(e.stateEnteredEventDetails?.name === 'Parallel_Fan_Out' ? { stateEnteredEventDetails: { name: 'ScoreChunks' } } : {}),
    ...(e.stateExitedEventDetails?.name === 'Parallel_Fan_Out' ? { stateExitedEventDetails: { name: 'ScoreChunks' } } : {}),
  }));
  // act
  const map = fanOutFromHistory(asMap, { container: 'Map', name: 'ScoreChunks' });
  // assert
  assert.equal(map.fanOutDelayMs, 102);
  assert.equal(map.branches.length, 5);
});
