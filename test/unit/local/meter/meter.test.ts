import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MAX_TRACES,
  Meter,
  newTraceId,
  reportLogBytes,
  traceHeader,
  traceRootOf,
  withTrace,
  currentTrace,
} from '../../../../local/meter/index.ts';

test('a unit with a trace counts for the run and the trace; one without, for the run only', () => {
  const meter = new Meter();
  meter.s3Request('1-a', 'putCopyPostList', 10);
  meter.s3Request(undefined, 'getSelectOther', 0);
  meter.dynamoRequest('1-a', { read: 0, write: 2 });
  meter.stateTransition('1-a');
  meter.expressExecution('1-a', 150);

  assert.deepEqual([meter.run.s3.putCopyPostList, meter.run.s3.getSelectOther, meter.run.s3.bytesIn], [1, 1, 10]);
  const trace = meter.trace('1-a')!.usage;
  assert.deepEqual([trace.s3.putCopyPostList, trace.s3.getSelectOther], [1, 0]);
  assert.equal(trace.dynamodb.writeRequestUnits, 2);
  assert.equal(trace.stepFunctions.standardTransitions, 1);
  assert.deepEqual([trace.stepFunctions.expressRequests, trace.stepFunctions.expressBilledMs], [1, 200]);
});

test('Lambda units: billed GB-s at the memory size, cold starts, and the model beside them', () => {
  const meter = new Meter();
  meter.lambdaInvocation('1-a', { billedMs: 1000, memoryMB: 512, coldStart: true, modelledMs: 3000 });
  meter.lambdaInvocation('1-a', { billedMs: 1000, memoryMB: 512, coldStart: false, modelledMs: 1000 });
  const { lambda } = meter.trace('1-a')!.usage;
  assert.deepEqual([lambda.requests, lambda.coldStarts, lambda.billedMs, lambda.gbSeconds, lambda.modelledGbSeconds], [2, 1, 2000, 1, 2]);
});

test('a trace is found by the execution that started under it; the oldest traces go beyond the bound', () => {
  const meter = new Meter();
  meter.executionStarted('1-first', 'arn:x:first');
  assert.equal(meter.byExecution('arn:x:first')?.traceId, '1-first');
  for (let i = 0; i < MAX_TRACES; i++) meter.apiRequest(`1-${i}`);
  assert.equal(meter.byExecution('arn:x:first'), undefined);
  assert.equal(meter.traces().length, MAX_TRACES);
  assert.equal(meter.run.apiGateway.requests, MAX_TRACES);
});

test('trace ids: X-Ray format, read back from the header, carried through async work', async () => {
  const id = newTraceId(Date.UTC(2026, 0, 1));
  assert.match(id, /^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
  assert.equal(traceRootOf(traceHeader(id)), id);
  assert.equal(traceRootOf('Self=1-x;Root=1-abc;Parent=p;Sampled=1'), '1-abc');
  assert.equal(traceRootOf(undefined), undefined);
  const seen = await withTrace(id, async () => {
    await new Promise((resolve) => setImmediate(resolve));
    return currentTrace();
  });
  assert.equal(seen, id);
  assert.equal(currentTrace(), undefined);
});

test('a REPORT line is ingested with its line end', () => {
  assert.equal(reportLogBytes('REPORT RequestId: r1\tXRAY TraceId: 1-é'), 'REPORT RequestId: r1\tXRAY TraceId: 1-é\n'.length + 1);
});
