import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyEvent } from '../../../../../functions/lib/router/classify-event.ts';
import { httpApiEvent, loadSample, restApiEvent, s3Event } from '../../../../helpers/events.ts';

test('each trigger reaches its handler', () => {
  const cases: [unknown, string][] = [
    [loadSample('events/apigateway-rest-predict.json'), 'predict'],
    [loadSample('events/apigateway-http-predict.json'), 'predict'],
    [restApiEvent({ experiment_type: 'CHAIN' }, { resource: '/experiment' }), 'start-experiment'],
    [restApiEvent(null, { method: 'GET', resource: '/jobs/{id}', pathParameters: { id: 'abc' } }), 'get-job'],
    [httpApiEvent('', { method: 'GET', resource: '/jobs/0123' }), 'get-job'],
    [s3Event('input', 'a b.csv'), 'on-object-created'],
    [{ source: 'aws.states', 'detail-type': 'Step Functions Execution Status Change', detail: { status: 'ABORTED' } }, 'on-execution-ended'],
    [{ source: 'lambda', 'detail-type': 'Lambda Function Invocation Result - Failure', detail: { requestPayload: {} } }, 'on-ingest-failed'],
    [{ task: 'plan', job: {} }, 'plan'],
    [{ task: 'score-chunk' }, 'score-chunk'],
    [{ task: 'finalize' }, 'finalize'],
    [{ task: 'mark-failed' }, 'mark-failed'],
    [loadSample('events/probe-chain-step.json'), 'probe'],
    [loadSample('events/direct-invoke.json'), 'predict'],
    [loadSample('events/direct-body.json'), 'predict'],
  ];
  for (const [event, route] of cases) assert.equal(classifyEvent(event), route, JSON.stringify(event).slice(0, 80));
});

test('unknown API routes and shapes are told apart', () => {
  assert.equal(classifyEvent(restApiEvent({}, { resource: '/nope' })), 'unknown-api-route');
  assert.equal(classifyEvent(restApiEvent({}, { method: 'GET', resource: '/predict' })), 'unknown-api-route');
  assert.equal(classifyEvent({ task: 'dance' }), 'unrecognised');
  assert.equal(classifyEvent({ hello: 1 }), 'unrecognised');
  assert.equal(classifyEvent(null), 'unrecognised');
  assert.equal(classifyEvent([1, 2]), 'unrecognised');
});
