/** The runtime with fixture handlers in real child processes (no network). */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LambdaRuntime, RuntimeClosedError, type InstanceLogLine, type LambdaRuntimeOptions } from '../../../../local/lambda/index.ts';

const ECHO = { modulePath: 'test/fixtures/handlers/echo.ts', exportName: 'handler' };
const runtimes: LambdaRuntime[] = [];

function runtime(options: Partial<LambdaRuntimeOptions> = {}): LambdaRuntime {
  const created = new LambdaRuntime({ handler: ECHO, faults: [], ...options });
  runtimes.push(created);
  return created;
}

after(() => Promise.all(runtimes.map((r) => r.stop())));

describe('LambdaRuntime', () => {
  test('passes the event and a Lambda context; returns the JSON result', async () => {
    const rt = runtime({ functionName: 'fn', memorySizeMB: 256 });
    const echoed = await rt.invoke({ action: 'echo', n: 1 });
    assert.deepEqual((echoed.payload as { echo: unknown }).echo, { action: 'echo', n: 1 });
    const { payload, report } = await rt.invoke({ action: 'context' });
    const context = payload as Record<string, unknown>;
    assert.equal(context.awsRequestId, report.requestId);
    assert.equal(context.functionName, 'fn');
    assert.equal(context.functionVersion, '$LATEST');
    assert.equal(context.invokedFunctionArn, 'arn:aws:lambda:us-east-1:000000000000:function:fn');
    assert.equal(context.memoryLimitInMB, '256');
    assert.equal(context.logGroupName, '/aws/lambda/fn');
    assert.equal(context.callbackWaitsForEmptyEventLoop, true);
    assert.ok((context.remaining as number) > 0 && (context.remaining as number) <= 30_000);
    assert.equal(report.memorySizeMB, 256);
    assert.ok(report.maxMemoryUsedMB > 0);
  });

  test('instances see the function environment and Lambda variables', async () => {
    const rt = runtime({ environment: { FIXTURE_FLAG: 'on' } });
    const env = (await rt.invoke({ action: 'env' })).payload as Record<string, string>;
    assert.equal(env.FIXTURE_FLAG, 'on');
    assert.equal(env.AWS_LAMBDA_FUNCTION_NAME, 'prediction');
    assert.equal(env.AWS_LAMBDA_FUNCTION_VERSION, '$LATEST');
    assert.equal(env.LAMBDA_TASK_ROOT, process.cwd());
  });

  test('a thrown error becomes a Lambda error payload', async () => {
    const result = await runtime().invoke({ action: 'throw' });
    assert.equal(result.error?.errorType, 'RangeError');
    assert.equal(result.error?.errorMessage, 'fixture failure');
    assert.equal(result.error?.source, 'function');
    assert.ok(Array.isArray((result.payload as { trace: string[] }).trace));
  });

  test("a timeout kills the instance with Lambda's message; the next call gets a new instance", async () => {
    const rt = runtime({ timeoutMs: 200 });
    const result = await rt.invoke({ action: 'sleep', ms: 5000 });
    assert.equal(result.error?.errorType, 'Sandbox.Timedout');
    assert.match(result.error?.errorMessage ?? '', /Task timed out after 0\.20 seconds$/);
    const next = await rt.invoke({ action: 'echo' });
    assert.equal(next.error, undefined);
    assert.equal(rt.stats().coldStarts, 2);
  });

  test('module init time is reported as Init Duration on the first invocation only', async () => {
    const rt = runtime({ handler: { modulePath: 'test/fixtures/handlers/slow-init.ts', exportName: 'handler' } });
    const first = await rt.invoke({});
    assert.ok((first.report.initDurationMs ?? 0) >= 300);
    assert.equal((await rt.invoke({})).report.initDurationMs, undefined);
  });

  test('an init failure is returned as an error, every time', async () => {
    const rt = runtime({ handler: { modulePath: 'test/fixtures/handlers/broken-init.ts', exportName: 'handler' } });
    for (let i = 0; i < 2; i++) {
      const result = await rt.invoke({});
      assert.equal(result.error?.errorType, 'Runtime.ImportModuleError');
      assert.match(result.error?.errorMessage ?? '', /cannot load the model/);
    }
  });

  test('a missing export is Runtime.HandlerNotFound', async () => {
    const rt = runtime({ handler: { modulePath: ECHO.modulePath, exportName: 'nope' } });
    assert.equal((await rt.invoke({})).error?.errorType, 'Runtime.HandlerNotFound');
  });

  test('beyond the concurrency limit invocations queue, then throttle after the queue timeout', async () => {
    const rt = runtime({ concurrency: 1, queueTimeoutMs: 100 });
    const [slow, queued] = await Promise.all([rt.invoke({ action: 'sleep', ms: 600 }), rt.invoke({ action: 'echo' })]);
    assert.equal(slow.error, undefined);
    assert.equal(queued.error?.errorType, 'Lambda.TooManyRequestsException');
    assert.equal(queued.error?.source, 'service');
    const rt2 = runtime({ concurrency: 1, queueTimeoutMs: 5000 });
    const both = await Promise.all([rt2.invoke({ action: 'sleep', ms: 100 }), rt2.invoke({ action: 'echo' })]);
    assert.deepEqual(
      both.map((r) => r.error),
      [undefined, undefined],
    );
    assert.equal(rt2.stats().coldStarts, 1);
  });

  test('a full queue throttles at once', async () => {
    const rt = runtime({ concurrency: 1, maxQueueLength: 0 });
    const [, second] = await Promise.all([rt.invoke({ action: 'sleep', ms: 200 }), rt.invoke({ action: 'echo' })]);
    assert.equal(second.error?.errorType, 'Lambda.TooManyRequestsException');
  });

  test('injected faults fail matching invocations the configured number of times', async () => {
    const rt = runtime({
      timeoutMs: 500,
      faults: [
        { match: { task: 'score-chunk', 'chunk.index': 1 }, fail: 'transient', times: 1 },
        { match: { task: 'finalize' }, fail: 'permanent' },
        { match: { task: 'plan' }, fail: 'timeout', times: 1 },
      ],
    });
    const chunk = { task: 'score-chunk', chunk: { index: 1 } };
    assert.equal((await rt.invoke(chunk)).error?.errorType, 'Lambda.ServiceException');
    assert.equal((await rt.invoke(chunk)).error, undefined);
    assert.equal((await rt.invoke({ task: 'score-chunk', chunk: { index: 0 } })).error, undefined);
    const permanent = await rt.invoke({ task: 'finalize' });
    assert.equal(permanent.error?.errorType, 'InjectedFaultError');
    assert.equal(permanent.error?.source, 'function');
    assert.equal((await rt.invoke({ task: 'plan' })).error?.errorType, 'Sandbox.Timedout');
  });

  test('an injected timeout hangs a real instance until the function timeout kills it; the next call gets a new instance', async () => {
    const rt = runtime({ timeoutMs: 300, faults: [{ match: { task: 'plan' }, fail: 'timeout', times: 1 }] });
    const warm = await rt.invoke({ action: 'echo' });

    const timedOut = await rt.invoke({ task: 'plan' });
    const next = await rt.invoke({ action: 'echo' });

    assert.equal(timedOut.error?.errorType, 'Sandbox.Timedout');
    assert.match(timedOut.error?.errorMessage ?? '', /Task timed out after 0\.30 seconds$/);
    assert.equal(timedOut.report.instanceId, warm.report.instanceId, 'the warm instance took the invocation');
    assert.equal(timedOut.report.durationMs, 300);
    assert.equal(next.error, undefined);
    assert.notEqual(next.report.instanceId, warm.report.instanceId, 'the hung instance was killed');
    assert.equal(rt.stats().coldStarts, 2);
  });

  test('a timeout fault is refused for thread isolation (a thread cannot be stopped from outside)', () => {
    assert.throws(() => runtime({ isolation: 'thread', faults: [{ match: { task: 'plan' }, fail: 'timeout' }] }), {
      name: 'FaultConfigError',
      message: /needs process isolation/,
    });
  });

  test('instance stdout/stderr lines and a line per failed invocation reach the log listeners', async () => {
    const rt = runtime();
    const lines: InstanceLogLine[] = [];
    let outputBytes = 0;
    rt.on('log', (line) => lines.push(line));
    rt.on('output', (output) => (outputBytes += output.bytes));
    const logged = await rt.invoke({ action: 'log' });
    const thrown = await rt.invoke({ action: 'throw' });
    await new Promise((resolve) => setTimeout(resolve, 100)); // pipes flush after the IPC result
    assert.ok(lines.some((l) => l.stream === 'stdout' && l.line === 'hello from the handler'));
    assert.ok(lines.some((l) => l.stream === 'stderr' && l.line === 'an error line'));
    assert.ok(lines.some((l) => /\tERROR\tInvoke Error \t\{"errorType":"RangeError"/.test(l.line)));
    // As Lambda's log stream has them: each invocation's lines open with START and close with END, on its instance.
    for (const { report } of [logged, thrown]) {
      const own = lines.filter((l) => l.instanceId === report.instanceId).map((l) => l.line);
      const [start, end] = [`START RequestId: ${report.requestId} Version: $LATEST`, `END RequestId: ${report.requestId}`];
      assert.ok(own.includes(start) && own.indexOf(start) < own.indexOf(end), own.join('\n'));
    }
    // The bytes counted as ingested are the lines of the streams, the runtime's own (Invoke Error too) included.
    assert.equal(
      outputBytes,
      lines.reduce((sum, l) => sum + Buffer.byteLength(l.line) + 1, 0),
    );
  });

  test('close() kills every instance and later invokes are refused', async () => {
    const rt = runtime({ concurrency: 3 });
    await Promise.all([1, 2, 3].map(() => rt.invoke({ action: 'sleep', ms: 50 })));
    const pids = rt.pids();
    assert.equal(pids.length, 3);
    await rt.stop();
    for (const pid of pids) assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' });
    await assert.rejects(rt.invoke({}), RuntimeClosedError);
  });
});

describe('LambdaRuntime with worker-thread environments', () => {
  const threads = (options: Partial<LambdaRuntimeOptions> = {}) => runtime({ isolation: 'thread', ...options });

  test('serves invocations with a Lambda context and the function environment only', async () => {
    // Prepare
    const rt = threads({ functionName: 'fn', environment: { FIXTURE_FLAG: 'on' } });
    process.env.FIXTURE_LEAK = 'the runtime process'; // a thread must not see the runtime's own variables
    try {
      // Act
      const echoed = await rt.invoke({ action: 'echo', n: 1 });
      const context = (await rt.invoke({ action: 'context' })).payload as Record<string, unknown>;
      const env = (await rt.invoke({ action: 'env' })).payload as Record<string, string>;
      // Assert
      assert.deepEqual((echoed.payload as { echo: unknown }).echo, { action: 'echo', n: 1 });
      assert.equal((echoed.payload as { pid: number }).pid, process.pid); // same process, another thread
      assert.equal(context.functionName, 'fn');
      assert.equal(env.FIXTURE_FLAG, 'on');
      assert.equal(env.AWS_LAMBDA_FUNCTION_NAME, 'fn');
      assert.equal(env.FIXTURE_LEAK, undefined);
      assert.equal(rt.stats().coldStarts, 1);
      assert.deepEqual(rt.pids(), []);
    } finally {
      delete process.env.FIXTURE_LEAK;
    }
  });

  test('errors, timeouts and crashes end as on processes: the environment is replaced', async () => {
    const rt = threads({ timeoutMs: 300 });
    assert.equal((await rt.invoke({ action: 'throw' })).error?.errorType, 'RangeError');
    assert.equal((await rt.invoke({ action: 'sleep', ms: 5000 })).error?.errorType, 'Sandbox.Timedout');
    const crashed = await rt.invoke({ action: 'crash' });
    assert.equal(crashed.error?.errorType, 'Runtime.ExitError');
    assert.match(crashed.error?.errorMessage ?? '', /exit status 3/);
    assert.equal((await rt.invoke({ action: 'echo' })).error, undefined);
    assert.equal(rt.stats().coldStarts, 3);
  });

  test('init failures, Init Duration and log lines work as with processes', async () => {
    const broken = threads({ handler: { modulePath: 'test/fixtures/handlers/broken-init.ts', exportName: 'handler' } });
    assert.equal((await broken.invoke({})).error?.errorType, 'Runtime.ImportModuleError');
    const rt = threads();
    const lines: InstanceLogLine[] = [];
    rt.on('log', (line) => lines.push(line));
    const first = await rt.invoke({ action: 'log' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok((first.report.initDurationMs ?? 0) > 0);
    assert.ok(first.report.maxMemoryUsedMB > 0);
    assert.ok(lines.some((l) => l.stream === 'stdout' && l.line === 'hello from the handler'));
    assert.ok(lines.some((l) => l.stream === 'stderr' && l.line === 'an error line'));
  });

  test('close() ends every thread and later invokes are refused', async () => {
    const rt = threads({ concurrency: 2 });
    await Promise.all([1, 2].map(() => rt.invoke({ action: 'sleep', ms: 50 })));
    assert.equal(rt.stats().coldStarts, 2);
    await rt.stop();
    await assert.rejects(rt.invoke({}), RuntimeClosedError);
  });
});
