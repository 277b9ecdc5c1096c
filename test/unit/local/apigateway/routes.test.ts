import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchResource, matchRoute } from '../../../../local/apigateway/index.ts';
import type { Route, RouteMatch } from '../../../../local/apigateway/types.ts';

/** A REST API's methods as the local definitions list them (`apiRoutes`). */
const ROUTES: readonly Route[] = [
  { method: 'POST', resource: '/predict' },
  { method: 'POST', resource: '/experiment' },
  { method: 'GET', resource: '/jobs/{id}' },
];

test('POST /predict matches with no path parameters', () => {
  assert.deepEqual(withoutRoute(matchRoute(ROUTES, 'POST', '/predict')), { kind: 'found', resource: '/predict', pathParameters: null });
});

test('GET /jobs/{id} extracts the decoded id', () => {
  assert.deepEqual(withoutRoute(matchRoute(ROUTES, 'GET', '/jobs/a%20b')), {
    kind: 'found',
    resource: '/jobs/{id}',
    pathParameters: { id: 'a b' },
  });
});

test('trailing slash is tolerated, extra segments are not', () => {
  assert.equal(matchRoute(ROUTES, 'POST', '/predict/').kind, 'found');
  assert.equal(matchRoute(ROUTES, 'GET', '/jobs/1/2').kind, 'not-found');
  assert.equal(matchRoute(ROUTES, 'GET', '/jobs').kind, 'not-found');
});

test('unknown path → not-found', () => {
  assert.deepEqual(matchRoute(ROUTES, 'GET', '/'), { kind: 'not-found' });
  assert.deepEqual(matchRoute(ROUTES, 'POST', '/predictx'), { kind: 'not-found' });
});

test('known path, wrong method → method-not-allowed with the allowed methods', () => {
  assert.deepEqual(matchRoute(ROUTES, 'GET', '/predict'), { kind: 'method-not-allowed', allow: ['POST'] });
  const routes = [...ROUTES, { method: 'DELETE', resource: '/jobs/{id}' }];
  assert.deepEqual(matchRoute(routes, 'PUT', '/jobs/1'), { kind: 'method-not-allowed', allow: ['DELETE', 'GET'] });
});

test('literal resources beat parameters, which beat greedy proxies; ANY matches every method', () => {
  const routes = [
    { method: 'ANY', resource: '/{proxy+}' },
    { method: 'GET', resource: '/jobs/{id}' },
    { method: 'GET', resource: '/jobs/latest' },
  ];
  assert.deepEqual(withoutRoute(matchRoute(routes, 'GET', '/jobs/latest')), {
    kind: 'found',
    resource: '/jobs/latest',
    pathParameters: null,
  });
  assert.deepEqual(withoutRoute(matchRoute(routes, 'GET', '/jobs/7')), {
    kind: 'found',
    resource: '/jobs/{id}',
    pathParameters: { id: '7' },
  });
  assert.deepEqual(withoutRoute(matchRoute(routes, 'PATCH', '/a/b/c')), {
    kind: 'found',
    resource: '/{proxy+}',
    pathParameters: { proxy: 'a/b/c' },
  });
});

test('matchResource leaves malformed escapes as they are', () => {
  assert.deepEqual(matchResource('/jobs/{id}', '/jobs/%E0%A4%A'), { id: '%E0%A4%A' });
});

/** The match without the matched route itself (compared separately below). */
function withoutRoute(match: RouteMatch): Omit<RouteMatch & { kind: 'found' }, 'route'> | RouteMatch {
  if (match.kind !== 'found') return match;
  const { route: _route, ...rest } = match;
  return rest;
}

test('a found match carries its route with the method auth settings the adapter enforces', () => {
  const routes = [{ method: 'POST', resource: '/predict', authorization: 'AWS_IAM' as const, apiKeyRequired: false }];

  const match = matchRoute(routes, 'POST', '/predict');

  assert.equal(match.kind === 'found' && match.route, routes[0]);
});
