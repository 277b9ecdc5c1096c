import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyEvent } from '../../../../../functions/lib/router/classify-event.ts';
import { API_ROUTES } from '../../../../../functions/lib/router/api-routes.ts';
import { httpApiEvent, loadSample, restApiEvent, s3Event } from '../../../../helpers/events.ts';

test('each trigger reaches its handler', () => {
  const cases: [unknown, string][] = [
    [loadSample('events/apigateway-rest-predict.json'), 'predict'],
    [loadSample('events/apigateway-http-predict.json'), 'predict'],
    [restApiEvent({ experiment_type: 'CHAIN' }, { resource: '/experiment' }), 'start-experiment'],
    [restApiEvent(null, { method: 'GET', resource: '/jobs/{id}', pathParameters: { id: 'abc' } }), 'get-job'],
    [httpApiEvent('', { method: 'GET', resource: '/jobs/0123' }), 'get-job'],
    [s3Event('input', 'a b.csv'), 'on-object-created'],
    [
      { source: 'aws.states', 'detail-type': 'Step Functions Execution Status Change', detail: { status: 'ABORTED' } },
      'on-execution-ended',
    ],
    [
      { source: 'lambda', 'detail-type': 'Lambda Function Invocation Result - Failure', detail: { requestPayload: {} } },
      'on-ingest-failed',
    ],
    [{ task: 'plan', job: {} }, 'plan'],
    [{ task: 'score-chunk' }, 'score-chunk'],
    [{ task: 'renumber-errors', job: {}, group: {} }, 'renumber-errors'],
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

test('every route of the table dispatches to its handler, by resource (REST) and by route key (HTTP API)', () => {
  for (const route of API_ROUTES) {
    const rest = restApiEvent(null, { method: route.method, resource: route.resource });
    const http = httpApiEvent('', { method: route.method, resource: route.resource });

    assert.equal(classifyEvent(rest), route.handler, `REST ${route.method} ${route.resource}`);
    assert.equal(classifyEvent(http), route.handler, `HTTP API ${route.method} ${route.resource}`);
  }
});

test('an event without a resource dispatches by its raw path as its resource would, stage prefix and trailing slash included', () => {
  const rawPath = (method: string, path: string) => {
    const { resource: _resource, ...event } = restApiEvent(null, { method, resource: path });
    return classifyEvent(event);
  };
  const rawHttpPath = (method: string, path: string) => {
    const { routeKey: _routeKey, ...event } = httpApiEvent('', { method, resource: path });
    return classifyEvent({ ...event, routeKey: '$default' });
  };

  assert.equal(rawPath('POST', '/predict/'), 'predict');
  assert.equal(rawPath('POST', '/prod/experiment'), 'start-experiment');
  assert.equal(rawPath('GET', '/jobs/abc'), 'get-job');
  assert.equal(rawPath('GET', '/prod/jobs/predict'), 'get-job');
  assert.equal(rawHttpPath('GET', '/prod/jobs/0123'), 'get-job');
  assert.equal(rawHttpPath('POST', '/predict'), 'predict');
  assert.equal(rawPath('GET', '/jobs'), 'unknown-api-route');
  assert.equal(rawPath('GET', '/jobs/a/b'), 'unknown-api-route');
  assert.equal(rawPath('POST', '/predictx'), 'unknown-api-route');
  assert.equal(rawPath('POST', '/'), 'unknown-api-route');
  assert.equal(rawPath('GET', '/predict'), 'unknown-api-route');
});
