import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resultObjects, resultRecord, resultWriterOutput, type ChildResult } from '../../../../local/stepfunctions/result-writer.ts';

const MAP_RUN = 'arn:aws:states:us-east-1:000000000000:mapRun:sm/Chunks:1b2c3d4e-0000-4000-8000-000000000000';
const child = (name: string, status: ChildResult['status'], extra: Partial<ChildResult> = {}): ChildResult => ({
  executionArn: `arn:aws:states:us-east-1:000000000000:execution:sm/Chunks:${name}`,
  stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:sm/Chunks',
  name,
  status,
  startDate: Date.UTC(2026, 0, 1),
  stopDate: Date.UTC(2026, 0, 1, 0, 0, 1),
  input: '{"i":1}',
  ...extra,
});

test('a result record: strings for input and output, ISO dates, the status and the failure', () => {
  // act
  const ok = resultRecord(child('a', 'SUCCEEDED', { output: '{"o":1}' }));
  const failed = resultRecord(child('b', 'FAILED', { error: 'E', cause: 'why' }));
  // assert
  assert.deepEqual(ok, {
    ExecutionArn: 'arn:aws:states:us-east-1:000000000000:execution:sm/Chunks:a',
    Input: '{"i":1}',
    InputDetails: { Included: true },
    Name: 'a',
    Output: '{"o":1}',
    OutputDetails: { Included: true },
    RedriveCount: 0,
    RedriveStatus: 'NOT_REDRIVABLE',
    RedriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven',
    StartDate: '2026-01-01T00:00:00.000Z',
    StateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:sm/Chunks',
    Status: 'SUCCEEDED',
    StopDate: '2026-01-01T00:00:01.000Z',
  });
  assert.deepEqual([failed.Status, failed.Error, failed.Cause, failed.Output], ['FAILED', 'E', 'why', undefined]);
});

test('files under <Prefix>/<map run id>/: SUCCEEDED_0, FAILED_0, then the manifest listing them with their sizes', () => {
  // act
  const objects = resultObjects('bkt', 'out/', MAP_RUN, [child('a', 'SUCCEEDED', { output: '1' }), child('b', 'TIMED_OUT')]);
  // assert
  const folder = 'out/1b2c3d4e-0000-4000-8000-000000000000/';
  assert.deepEqual(
    objects.map((o) => o.key),
    [`${folder}SUCCEEDED_0.json`, `${folder}FAILED_0.json`, `${folder}manifest.json`],
  );
  assert.deepEqual(JSON.parse(objects[2].body), {
    DestinationBucket: 'bkt',
    MapRunArn: MAP_RUN,
    ResultFiles: {
      FAILED: [{ Key: `${folder}FAILED_0.json`, Size: Buffer.byteLength(objects[1].body) }],
      PENDING: [],
      SUCCEEDED: [{ Key: `${folder}SUCCEEDED_0.json`, Size: Buffer.byteLength(objects[0].body) }],
    },
  });
  assert.equal(JSON.parse(objects[1].body)[0].Status, 'TIMED_OUT');
});

test('no failed child: no FAILED file; a prefix without a slash gets one', () => {
  // act
  const objects = resultObjects('bkt', 'out', MAP_RUN, [child('a', 'SUCCEEDED', { output: '1' })]);
  // assert
  assert.deepEqual(
    objects.map((o) => o.key.split('/').pop()),
    ['SUCCEEDED_0.json', 'manifest.json'],
  );
  assert.ok(objects[0].key.startsWith('out/1b2c3d4e'));
  assert.deepEqual(resultWriterOutput('bkt', MAP_RUN, objects[1].key), {
    MapRunArn: MAP_RUN,
    ResultWriterDetails: { Bucket: 'bkt', Key: objects[1].key },
  });
});
