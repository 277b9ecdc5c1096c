import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AsyncInvoker, type InvocationRecord } from '../../../../local/lambda/index.ts';
import type { LocalAsyncInvokeConfig } from '../../../../local/cloudformation/definitions.ts';

const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:prediction';
const config: LocalAsyncInvokeConfig = {
  functionName: 'prediction',
  maximumRetryAttempts: 2,
  maximumEventAgeSeconds: 21_600,
  onFailure: 'arn:aws:events:us-east-1:000000000000:event-bus/default',
};

function invoker(fail: (attempt: number) => boolean, configs: LocalAsyncInvokeConfig[] = [config]) {
  const attempts: unknown[] = [];
  const delivered: [string, InvocationRecord][] = [];
  const async = new AsyncInvoker({
    configs,
    timeScale: 1 / 60_000,
    invoke: async (_arn, event) => {
      attempts.push(event);
      if (fail(attempts.length)) throw { errorType: 'InjectedFaultError', errorMessage: 'boom', source: 'function' };
      return null;
    },
    deliverFailure: (destination, record) => delivered.push([destination, record]),
  });
  return { async, attempts, delivered };
}

test('a function error is retried maximumRetryAttempts times, then the invocation record goes to OnFailure', async () => {
  const { async, attempts, delivered } = invoker(() => true);

  await async.invoke(ARN, { Records: [1] });

  assert.equal(attempts.length, 3);
  assert.equal(delivered.length, 1);
  const [destination, record] = delivered[0]!;
  assert.equal(destination, config.onFailure);
  assert.deepEqual(record.requestContext, {
    ...record.requestContext,
    functionArn: `${ARN}:$LATEST`,
    condition: 'RetriesExhausted',
    approximateInvokeCount: 3,
  });
  assert.deepEqual(record.requestPayload, { Records: [1] });
  assert.deepEqual(record.responsePayload, { errorType: 'InjectedFaultError', errorMessage: 'boom' });
  assert.equal(record.responseContext.functionError, 'Unhandled');
});

test('a retry that succeeds sends nothing; no OnFailure destination drops the event', async () => {
  const once = invoker((attempt) => attempt === 1);
  await once.async.invoke(ARN, {});
  assert.deepEqual([once.attempts.length, once.delivered.length], [2, 0]);

  const { onFailure: _none, ...withoutDestination } = config;
  const bare = invoker(() => true, [{ ...withoutDestination, maximumRetryAttempts: 0 }]);
  await bare.async.invoke(ARN, {});
  assert.deepEqual([bare.attempts.length, bare.delivered.length], [1, 0]);
});
