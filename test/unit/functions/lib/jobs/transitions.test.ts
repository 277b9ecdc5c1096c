import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  backToPending,
  buildStatusUpdate,
  chunkCounted,
  planned,
  isTerminal,
  toFailed,
  toRunning,
  toSucceeded,
  toSuperseded,
  transitionUpdate,
  unitsAdded,
} from '../../../../../functions/lib/jobs/lifecycle/transitions.ts';

test('terminal states are protected from late writers', () => {
  const update = buildStatusUpdate({ status: 'RUNNING', executionArn: 'arn', reason: undefined }, 'not-finished');
  assert.deepEqual(update, {
    UpdateExpression: 'SET #f0 = :v0, #f1 = :v1',
    ConditionExpression: 'attribute_exists(#jobId) AND #status <> :succeeded AND #status <> :failed AND #status <> :superseded',
    ExpressionAttributeNames: { '#jobId': 'jobId', '#f0': 'status', '#f1': 'executionArn', '#status': 'status' },
    ExpressionAttributeValues: {
      ':v0': 'RUNNING',
      ':v1': 'arn',
      ':succeeded': 'SUCCEEDED',
      ':failed': 'FAILED',
      ':superseded': 'SUPERSEDED',
    },
  });
});

test('a failure update only needs the record to exist, and defines no unused names', () => {
  const update = buildStatusUpdate({ status: 'FAILED', reason: 'bad' }, 'exists');
  assert.equal(update.ConditionExpression, 'attribute_exists(#jobId)');
  assert.deepEqual(Object.keys(update.ExpressionAttributeNames).sort(), ['#f0', '#f1', '#jobId']);
  assert.deepEqual(Object.keys(update.ExpressionAttributeValues).sort(), [':v0', ':v1']);
});

test('back to PENDING removes the lost execution, records when, and only touches an unfinished job', () => {
  const at = new Date('2026-01-02T03:04:05.000Z');

  const update = transitionUpdate(backToPending(at));

  assert.equal(update.UpdateExpression, 'SET #f0 = :v0, #f1 = :v1, #f2 = :v2 REMOVE #r0, #r1');
  assert.deepEqual([update.ExpressionAttributeNames['#r0'], update.ExpressionAttributeNames['#r1']], ['executionArn', 'startedAt']);
  assert.deepEqual(
    [update.ExpressionAttributeValues[':v0'], update.ExpressionAttributeValues[':v2']],
    ['PENDING', '2026-01-02T03:04:05.000Z'],
  );
  assert.equal(update.ExpressionAttributeNames['#f2'], 'recoveredAt');
  assert.match(update.ConditionExpression, /#status <> :succeeded AND #status <> :failed AND #status <> :superseded/);
});

test('RUNNING and SUCCEEDED never overwrite an ended job; FAILED does unless told otherwise, SUPERSEDED only when told', () => {
  const at = new Date(0);
  const counts = { rowsIn: 3, rowsScored: 2, rowsRejected: 1 };

  const guards = [
    toRunning('arn', at),
    toSucceeded(counts, at),
    toFailed('bad', undefined, at),
    toFailed('late', undefined, at, 'not-finished'),
    toSuperseded('newer', at),
    toSuperseded('newer', at, 'exists'),
  ].map((t) => [t.set.status, t.guard]);

  assert.deepEqual(guards, [
    ['RUNNING', 'not-finished'],
    ['SUCCEEDED', 'not-finished'],
    ['FAILED', 'exists'],
    ['FAILED', 'not-finished'],
    ['SUPERSEDED', 'not-finished'],
    ['SUPERSEDED', 'exists'],
  ]);
  assert.deepEqual(toSucceeded(counts, at).set, {
    status: 'SUCCEEDED',
    ...counts,
    finishedAt: at.toISOString(),
    updatedAt: at.toISOString(),
  });
  assert.equal(toRunning('arn', at).set.startedAt, at.toISOString());
});

test('terminal statuses are SUCCEEDED, FAILED and SUPERSEDED', () => {
  const statuses = ['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'SUPERSEDED', undefined] as const;

  const terminal = statuses.filter((status) => isTerminal(status));

  assert.deepEqual(terminal, ['SUCCEEDED', 'FAILED', 'SUPERSEDED']);
});

test('RUNNING records the stored model the job is pinned to; the baked-in model writes no model field', () => {
  const at = new Date('2026-12-02T10:00:00.000Z');
  const model = { name: 'wine', version: '2', sha256: 'a'.repeat(64) };

  assert.deepEqual(toRunning('arn', at, model).set.model, model);
  assert.doesNotMatch(transitionUpdate(toRunning('arn', at)).UpdateExpression, /model/);
  assert.deepEqual(Object.values(transitionUpdate(toRunning('arn', at, model)).ExpressionAttributeNames).includes('model'), true);
});

test('RUNNING records the shadow model version beside the model; a job without one writes no shadow field', () => {
  const at = new Date('2026-12-02T10:00:00.000Z');
  const model = { name: 'wine', version: '2', sha256: 'a'.repeat(64) };
  const shadow = { name: 'wine', version: '3', sha256: 'b'.repeat(64) };

  assert.deepEqual(toRunning('arn', at, model, shadow).set.shadow, shadow);
  assert.equal(Object.values(transitionUpdate(toRunning('arn', at, model)).ExpressionAttributeNames).includes('shadow'), false);
  assert.equal(Object.values(transitionUpdate(toRunning('arn', at, undefined, shadow)).ExpressionAttributeNames).includes('shadow'), true);
});

test('Plan sets the chunk total on an unfinished job and leaves the status alone', () => {
  const at = new Date('2026-12-02T10:00:00.000Z');

  const update = transitionUpdate(planned(7, at));

  assert.equal(update.UpdateExpression, 'SET #f0 = :v0, #f1 = :v1');
  assert.deepEqual([update.ExpressionAttributeNames['#f0'], update.ExpressionAttributeValues[':v0']], ['chunksTotal', 7]);
  assert.equal(Object.values(update.ExpressionAttributeNames).includes('status'), true, 'the guard reads the status');
  assert.doesNotMatch(update.UpdateExpression, /#status/);
  assert.match(update.ConditionExpression, /#status <> :succeeded/);
});

test('a finished chunk adds its counts and its index in one write, refused when the index is already counted', () => {
  const at = new Date('2026-12-02T10:00:00.000Z');

  const update = transitionUpdate(chunkCounted({ index: 3, rowsScored: 90, rowsRejected: 2, bytes: 4096 }, at));

  assert.equal(update.UpdateExpression, 'SET #f0 = :v0 ADD #a0 :a0, #a1 :a1, #a2 :a2, #a3 :a3, #a4 :a4');
  const added = Object.fromEntries(
    [0, 1, 2, 3, 4].map((i) => [update.ExpressionAttributeNames[`#a${i}`], update.ExpressionAttributeValues[`:a${i}`]]),
  );
  assert.deepEqual(added, { chunksDone: 1, bytesDone: 4096, rowsScoredSoFar: 90, rowsRejectedSoFar: 2, chunksCounted: new Set([3]) });
  assert.match(update.ConditionExpression, /^attribute_exists\(#jobId\) AND #status <> :succeeded .* AND NOT contains\(#in, :in\)$/);
  assert.deepEqual([update.ExpressionAttributeNames['#in'], update.ExpressionAttributeValues[':in']], ['chunksCounted', 3]);
});

test('an invocation’s units are added to any existing job, ended or not, with no SET', () => {
  const update = transitionUpdate(unitsAdded({ unitsS3PutCopyPostList: 2, unitsLambdaRequests: 1 }));

  assert.deepEqual(update, {
    UpdateExpression: 'ADD #a0 :a0, #a1 :a1',
    ConditionExpression: 'attribute_exists(#jobId)',
    ExpressionAttributeNames: { '#jobId': 'jobId', '#a0': 'unitsS3PutCopyPostList', '#a1': 'unitsLambdaRequests' },
    ExpressionAttributeValues: { ':a0': 2, ':a1': 1 },
  });
});

test('a chunk’s progress write carries its invocation’s units, under the same guard', () => {
  const update = transitionUpdate(
    chunkCounted({ index: 2, rowsScored: 5, rowsRejected: 1, bytes: 100 }, new Date(0), { unitsLambdaRequests: 1, unitsDynamodbWrite: 1 }),
  );

  assert.match(update.UpdateExpression, /^SET #f0 = :v0 ADD #a0 :a0, #a1 :a1, #a2 :a2/);
  assert.deepEqual(
    [update.ExpressionAttributeNames['#a0'], update.ExpressionAttributeNames['#a1']],
    ['unitsLambdaRequests', 'unitsDynamodbWrite'],
  );
  assert.match(update.ConditionExpression, /NOT contains\(#in, :in\)$/);
});
