import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  functionNameOf,
  invokeResponse,
  lambdaInvoker,
  namedError,
  runLambdaTask,
  taskErrorFrom,
  LAMBDA_INVOKE_RESOURCE,
} from '../../../../local/stepfunctions/lambda-invoke-integration.ts';
import { LambdaInvokeError } from '../../../../local/stepfunctions/errors.ts';

test('a service error keeps its Lambda.* name and its message as cause', () => {
  // act
  const mapped = taskErrorFrom(new LambdaInvokeError({ errorType: 'Lambda.ServiceException', errorMessage: 'fault', source: 'service' }));
  // assert
  assert.deepEqual(mapped, { error: 'Lambda.ServiceException', cause: 'fault' });
});

test('a function error is named by its errorType, the Lambda error payload as cause', () => {
  // act
  const mapped = taskErrorFrom(
    new LambdaInvokeError({ errorType: 'InjectedFaultError', errorMessage: 'bad', trace: ['at x'], source: 'function' }),
  );
  // assert
  assert.equal(mapped.error, 'InjectedFaultError');
  assert.deepEqual(JSON.parse(mapped.cause), { errorType: 'InjectedFaultError', errorMessage: 'bad', trace: ['at x'] });
});

test('a plain error object with errorType (the runtime LambdaError shape) maps the same way', () => {
  assert.deepEqual(taskErrorFrom({ errorType: 'Lambda.TooManyRequestsException', errorMessage: 'Rate Exceeded.' }), {
    error: 'Lambda.TooManyRequestsException',
    cause: 'Rate Exceeded.',
  });
  assert.equal(taskErrorFrom({ errorType: 'Sandbox.Timedout', errorMessage: 't', source: 'function' }).error, 'Sandbox.Timedout');
});

test('a thrown Error is a handler error named by its name', () => {
  // prepare
  const custom = new TypeError('nope');
  // act
  const mapped = taskErrorFrom(custom);
  // assert
  assert.equal(mapped.error, 'TypeError');
  assert.deepEqual(JSON.parse(mapped.cause), { errorType: 'TypeError', errorMessage: 'nope' });
});

test('namedError gives the engine an Error whose name is the ASL error', () => {
  const error = namedError({ error: 'Lambda.ServiceException', cause: 'x' });
  assert.equal(error.name, 'Lambda.ServiceException');
  assert.equal(error.message, 'x');
});

test('lambda:invoke wraps the payload as the SDK Invoke response', async () => {
  // prepare
  const calls: [string, unknown][] = [];
  const invoke = async (arn: string, payload: unknown) => {
    calls.push([arn, payload]);
    return { ok: 1 };
  };
  // act
  const result = (await runLambdaTask(LAMBDA_INVOKE_RESOURCE, { FunctionName: 'fn', Payload: { a: 1 } }, invoke)) as Record<
    string,
    unknown
  >;
  // assert
  assert.deepEqual(calls, [['fn', { a: 1 }]]);
  assert.deepEqual(result.Payload, { ok: 1 });
  assert.equal(result.StatusCode, 200);
  assert.equal(result.ExecutedVersion, '$LATEST');
});

test('a bare function ARN resource returns the payload itself', async () => {
  const result = await runLambdaTask('arn:aws:lambda:us-east-1:000000000000:function:f', { a: 1 }, async (_arn, payload) => payload);
  assert.deepEqual(result, { a: 1 });
});

test('invokeResponse with an undefined payload gives Payload null', () => {
  assert.equal(invokeResponse(undefined, 'r').Payload, null);
});

test('lambdaInvoker turns runtime errors into LambdaInvokeError and refuses other functions', async () => {
  // prepare
  const runtime = {
    functionName: 'prediction',
    invoke: async (event: unknown) =>
      event === 'fail'
        ? { payload: {}, error: { errorType: 'Lambda.ServiceException', errorMessage: 'x', source: 'service' as const } }
        : { payload: { echo: event } },
  };
  const invoke = lambdaInvoker(runtime);
  const arn = 'arn:aws:lambda:us-east-1:000000000000:function:prediction';
  // act + assert
  assert.deepEqual(await invoke(arn, 1), { echo: 1 });
  await assert.rejects(
    invoke(arn, 'fail'),
    (e: unknown) => e instanceof LambdaInvokeError && e.errorType === 'Lambda.ServiceException' && e.source === 'service',
  );
  await assert.rejects(
    invoke('other', 1),
    (e: unknown) => e instanceof LambdaInvokeError && e.errorType === 'Lambda.ResourceNotFoundException',
  );
});

test('functionNameOf reads names, qualified names and ARNs', () => {
  assert.equal(functionNameOf('prediction'), 'prediction');
  assert.equal(functionNameOf('prediction:$LATEST'), 'prediction');
  assert.equal(functionNameOf('arn:aws:lambda:us-east-1:000000000000:function:prediction:live'), 'prediction');
});
