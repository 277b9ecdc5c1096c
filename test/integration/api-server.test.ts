/**
 * `npm start`'s server end to end: real HTTP → local API Gateway → local Lambda runtime (child processes).
 * The classic Iris request runs against the real `functions/router.ts`; runtime behaviour (cold/warm, scale-out,
 * reclaim, crashes) is driven through a fixture handler whose actions are chosen by query string.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import type { InvocationReport } from '../../local/lambda/index.ts';
import { ApiServer } from '../../local/apigateway/index.ts';

const FIXTURE = { modulePath: 'test/fixtures/handlers/echo.ts', exportName: 'handler' };
const IRIS_REQUEST = '{"values": [[5.9, 3.0, 5.1, 2.3]]}';

function post(stack: LocalStack, path: string, body = IRIS_REQUEST): Promise<Response> {
  return fetch(`${stack.apiUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (condition()) return true;
    await sleep(20);
  }
  return condition();
}

describe('the classic Iris request through the real router', () => {
  let stack: LocalStack;
  before(async () => {
    stack = await startLocalStack({ apiPort: 0, concurrency: 2 });
  });
  after(() => stack.stop());

  test('POST /predict with the classic Iris request answers prediction [2]', async () => {
    const response = await post(stack, '/predict');
    assert.equal(response.status, 200);
    const body = (await response.json()) as { prediction: number[] };
    assert.deepEqual(body.prediction, [2]);
  });
});

describe('API Gateway adapter and Lambda runtime (fixture handler)', () => {
  let stack: LocalStack;
  const reports: InvocationReport[] = [];
  before(async () => {
    stack = await startLocalStack({ apiPort: 0, handler: FIXTURE, concurrency: 3 });
    stack.runtime.on('report', (report) => reports.push(report));
  });
  after(() => stack.stop());

  test('binds to loopback', () => {
    assert.match(stack.apiUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test('a cold start, then the warm instance is reused', async () => {
    const first = await post(stack, '/predict');
    assert.equal(first.status, 200);
    const { pid: firstPid } = (await first.json()) as { pid: number };
    const second = await post(stack, '/predict');
    const { pid: secondPid } = (await second.json()) as { pid: number };
    assert.equal(secondPid, firstPid);
    const stats = stack.runtime.stats();
    assert.equal(stats.coldStarts, 1);
    assert.equal(stats.instances, 1);
    assert.ok(reports[0].initDurationMs !== undefined, 'first invocation reports Init Duration');
    assert.equal(reports[1].initDurationMs, undefined, 'warm invocation has no Init Duration');
  });

  test('unknown path and wrong method → 403 Missing Authentication Token, as a REST API answers both', async () => {
    const notFound = await fetch(`${stack.apiUrl}/nope`);
    const wrongMethod = await fetch(`${stack.apiUrl}/predict`);

    for (const response of [notFound, wrongMethod]) {
      assert.equal(response.status, 403);
      assert.equal(response.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
      assert.equal(response.headers.get('allow'), null);
      assert.deepEqual(await response.json(), { message: 'Missing Authentication Token' });
    }
  });

  test('path parameters and query strings reach the handler as API Gateway sends them', async () => {
    const response = await fetch(`${stack.apiUrl}/jobs/job%201?verbose=1`);
    assert.equal(response.status, 200);
    const { event } = (await response.json()) as { event: { resource: string; pathParameters: unknown; queryStringParameters: unknown } };
    assert.equal(event.resource, '/jobs/{id}');
    assert.deepEqual(event.pathParameters, { id: 'job 1' });
    assert.deepEqual(event.queryStringParameters, { verbose: '1' });
    assert.deepEqual(response.headers.getSetCookie(), ['a=1', 'b=2']);
  });

  test('scales out to the concurrency limit and no further', async () => {
    const responses = await Promise.all(Array.from({ length: 7 }, () => post(stack, '/predict?action=sleep&ms=300')));
    const pids = new Set<number>();
    for (const response of responses) {
      assert.equal(response.status, 200);
      pids.add(((await response.json()) as { pid: number }).pid);
    }
    assert.equal(pids.size, 3);
    assert.equal(stack.runtime.stats().instances, 3);
    assert.equal(stack.runtime.stats().coldStarts, 3);
  });

  test('a handler that throws → 502; a crashed instance is replaced and the API keeps serving', async () => {
    const thrown = await post(stack, '/predict?action=throw');
    assert.equal(thrown.status, 502);
    assert.deepEqual(await thrown.json(), { message: 'Internal server error' });
    const crashed = await post(stack, '/predict?action=crash');
    assert.equal(crashed.status, 502);
    assert.deepEqual(await crashed.json(), { message: 'Internal server error' });
    const malformed = await post(stack, '/predict?action=bad-response');
    assert.equal(malformed.status, 502);
    const after = await post(stack, '/predict');
    assert.equal(after.status, 200);
    assert.deepEqual(((await after.json()) as { prediction: number[] }).prediction, [2]);
  });

  test('a body over 10 MB → 413', async () => {
    const response = await post(stack, '/predict', 'x'.repeat(10 * 1024 * 1024 + 1));
    assert.equal(response.status, 413);
    assert.deepEqual(await response.json(), { message: 'Request Too Long' });
  });

  test('stop() leaves no child processes', async () => {
    const pids = stack.runtime.pids();
    assert.ok(pids.length > 0);
    await stack.stop();
    assert.deepEqual(pids.filter(isAlive), []);
  });
});

describe('idle reclaim', () => {
  let stack: LocalStack;
  before(async () => {
    stack = await startLocalStack({ apiPort: 0, handler: FIXTURE, idleTimeoutMs: 100 });
  });
  after(() => stack.stop());

  test('an idle instance is reclaimed and the next request is a cold start', async () => {
    assert.equal((await post(stack, '/predict')).status, 200);
    const [pid] = stack.runtime.pids();
    assert.ok(await waitFor(() => stack.runtime.stats().instances === 0), 'instance reclaimed');
    assert.ok(await waitFor(() => !isAlive(pid)), 'its process is gone');
    assert.equal((await post(stack, '/predict')).status, 200);
    assert.equal(stack.runtime.stats().coldStarts, 2);
    assert.equal(stack.runtime.stats().reclaimed, 1);
  });
});

describe('stage throttling', () => {
  let stack: LocalStack;
  const infoLines: string[] = [];
  before(async () => {
    const log = { info: (line: string) => infoLines.push(line), lambda: () => undefined, access: () => undefined };
    stack = await startLocalStack({ apiPort: 0, handler: FIXTURE, throttle: { rateLimit: 0.001, burstLimit: 2 }, log });
  });
  after(() => stack.stop());

  test('requests beyond the burst → 429 Too Many Requests', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(stack, '/predict')).status);
    assert.deepEqual(statuses, [200, 200, 429]);
  });

  test('throttled requests are logged as one summary line naming the limit and how to change it', async () => {
    for (let i = 0; i < 20; i++) assert.equal((await post(stack, '/predict')).status, 429);

    await stack.stop(); // flushes the pending summary

    const throttled = infoLines.filter((line) => line.includes('throttled'));
    assert.ok(throttled.length >= 1 && throttled.length <= 2, throttled.join('\n')); // one per second at most
    assert.equal(
      throttled.reduce((sum, line) => sum + Number(/throttled (\d+)/.exec(line)![1]), 0),
      21,
    );
    assert.match(throttled[0]!, /stage throttle 0\.001 req\/s, burst 2 \(change with -c throttleRateLimit=<n> -c throttleBurstLimit=<n>\)/);
  });
});

describe("method throttle (the stage's MethodSettings for one resource and method)", () => {
  const invoker = { invoke: async () => ({ payload: { statusCode: 202, body: '{}' }, report: {} as InvocationReport }) };
  const server = new ApiServer(invoker, {
    routes: [
      { method: 'POST', resource: '/predict' },
      { method: 'POST', resource: '/experiment' },
    ],
    throttle: { rateLimit: 1000, burstLimit: 1000 },
    methodThrottles: [{ method: 'POST', resource: '/experiment', rateLimit: 0.001, burstLimit: 2 }],
  });
  let url = '';
  before(async () => {
    url = (await server.start()).url;
  });
  after(() => server.stop());

  test('POST /experiment beyond its own burst → 429 while POST /predict still passes under the stage throttle', async () => {
    const experiment = [];
    for (let i = 0; i < 4; i++) experiment.push((await fetch(`${url}/experiment`, { method: 'POST', body: '{}' })).status);
    const predict = [];
    for (let i = 0; i < 4; i++) predict.push((await fetch(`${url}/predict`, { method: 'POST', body: '{}' })).status);

    assert.deepEqual(experiment, [202, 202, 429, 429]);
    assert.deepEqual(predict, [202, 202, 202, 202]);
  });
});

describe('log sink', () => {
  let stack: LocalStack;
  const lambdaLines: string[] = [];
  const accessLines: string[] = [];
  before(async () => {
    const log = {
      info: () => undefined,
      lambda: (line: string) => lambdaLines.push(line),
      access: (line: string) => accessLines.push(line),
    };
    stack = await startLocalStack({ apiPort: 0, handler: FIXTURE, accessLog: true, log });
  });
  after(() => stack.stop());

  test('REPORT lines (Init Duration on the cold start only), handler output and access lines reach the sink', async () => {
    assert.equal((await post(stack, '/predict?action=log')).status, 200);
    assert.equal((await post(stack, '/predict')).status, 200);
    assert.ok(await waitFor(() => lambdaLines.includes('hello from the handler')));
    const reports = lambdaLines.filter((line) => line.startsWith('REPORT RequestId: '));
    assert.equal(reports.length, 2);
    assert.match(
      reports[0],
      /^REPORT RequestId: [0-9a-f-]{36}\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 1024 MB\tMax Memory Used: \d+ MB\tInit Duration: \d+\.\d\d ms\tXRAY TraceId: 1-[0-9a-f]{8}-[0-9a-f]{24}$/,
    );
    assert.doesNotMatch(reports[1], /Init Duration/);
    assert.equal(accessLines.length, 2);
    assert.match(accessLines[0], /"POST \/predict\?action=\*\*\*" 200 /); // query values redacted
  });
});

describe('Lambda throttling behind the API', () => {
  let stack: LocalStack;
  before(async () => {
    stack = await startLocalStack({ apiPort: 0, handler: FIXTURE, concurrency: 1, maxQueueLength: 0 });
  });
  after(() => stack.stop());

  test('when every instance is busy and the queue is full the API answers 429', async () => {
    const responses = await Promise.all([post(stack, '/predict?action=sleep&ms=500'), post(stack, '/predict?action=sleep&ms=500')]);
    assert.deepEqual(responses.map((r) => r.status).sort(), [200, 429]);
    const throttled = responses.find((r) => r.status === 429);
    assert.deepEqual(await throttled?.json(), { message: 'Too Many Requests' });
  });
});
