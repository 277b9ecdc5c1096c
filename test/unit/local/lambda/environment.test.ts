import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contextSeed, instanceEnvironment, logStreamName } from '../../../../local/lambda/environment.ts';

const identity = {
  functionName: 'prediction',
  memorySizeMB: 512,
  region: 'us-east-1',
  accountId: '000000000000',
  taskRoot: '/repo',
  handler: 'functions/router.ts.handler',
};

test('instances get Lambda reserved variables and the function environment, not the parent environment', () => {
  const env = instanceEnvironment(identity, 'i1', { MODEL_PATH: '/m.onnx' }, { PATH: '/bin', SECRET: 'x' });
  assert.equal(env.AWS_LAMBDA_FUNCTION_NAME, 'prediction');
  assert.equal(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, '512');
  assert.equal(env.AWS_LAMBDA_FUNCTION_VERSION, '$LATEST');
  assert.equal(env.AWS_REGION, 'us-east-1');
  assert.equal(env.LAMBDA_TASK_ROOT, '/repo');
  assert.equal(env.MODEL_PATH, '/m.onnx');
  assert.equal(env.PATH, '/bin');
  assert.equal(env.SECRET, undefined);
  assert.ok(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY);
  assert.match(env.AWS_LAMBDA_LOG_STREAM_NAME, /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\]i1$/);
});

test('context seed carries the function ARN and log names', () => {
  const seed = contextSeed(identity, 'i1');
  assert.equal(seed.invokedFunctionArn, 'arn:aws:lambda:us-east-1:000000000000:function:prediction');
  assert.equal(seed.logGroupName, '/aws/lambda/prediction');
  assert.equal(seed.memoryLimitInMB, '512');
  assert.equal(logStreamName('x', new Date('2026-01-02T00:00:00Z')), '2026/01/02/[$LATEST]x');
});
