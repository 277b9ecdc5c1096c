import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildStatusUpdate } from '../../../../../functions/lib/jobs/lifecycle/transitions.ts';

test('terminal states are protected from late writers', () => {
  const update = buildStatusUpdate({ status: 'RUNNING', executionArn: 'arn', reason: undefined }, 'not-finished');
  assert.deepEqual(update, {
    UpdateExpression: 'SET #f0 = :v0, #f1 = :v1',
    ConditionExpression: 'attribute_exists(#jobId) AND #status <> :succeeded AND #status <> :failed AND #status <> :superseded',
    ExpressionAttributeNames: { '#jobId': 'jobId', '#f0': 'status', '#f1': 'executionArn', '#status': 'status' },
    ExpressionAttributeValues: { ':v0': 'RUNNING', ':v1': 'arn', ':succeeded': 'SUCCEEDED', ':failed': 'FAILED', ':superseded': 'SUPERSEDED' },
  });
});

test('a failure update only needs the record to exist, and defines no unused names', () => {
  const update = buildStatusUpdate({ status: 'FAILED', reason: 'bad' }, 'exists');
  assert.equal(update.ConditionExpression, 'attribute_exists(#jobId)');
  assert.deepEqual(Object.keys(update.ExpressionAttributeNames).sort(), ['#f0', '#f1', '#jobId']);
  assert.deepEqual(Object.keys(update.ExpressionAttributeValues).sort(), [':v0', ':v1']);
});
