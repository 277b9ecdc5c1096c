import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyEvent } from '../../../../../functions/lib/router/classify-event.ts';

test('an EventBridge schedule event is routed to reconcile-jobs', () => {
  const event = {
    version: '0',
    id: 'x',
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '0',
    time: '2026-01-01T00:00:00Z',
    region: 'us-east-1',
    resources: ['arn:aws:events:us-east-1:0:rule/ReconcileJobs'],
    detail: {},
  };

  const route = classifyEvent(event);

  assert.equal(route, 'reconcile-jobs');
});
