import { test } from 'node:test';
import assert from 'node:assert/strict';
import { operationFor, parseBody, protocolError } from '../../../../local/stepfunctions/protocol.ts';
import { page } from '../../../../local/stepfunctions/operations.ts';
import { requireArn } from '../../../../local/stepfunctions/names.ts';
import { SfnApiError } from '../../../../local/stepfunctions/errors.ts';

const typed =
  (type: string) =>
  (error: unknown): boolean =>
    error instanceof SfnApiError && error.type === type;

test('an API error answers 400 with __type and message', () => {
  assert.deepEqual(protocolError(new SfnApiError('ExecutionAlreadyExists', 'taken')), {
    status: 400,
    body: { __type: 'ExecutionAlreadyExists', message: 'taken' },
  });
});

test('an unexpected error answers 500 InternalFailure', () => {
  assert.deepEqual(protocolError(new Error('bug')), { status: 500, body: { __type: 'InternalFailure', message: 'bug' } });
});

test('operationFor routes by X-Amz-Target and refuses unknown operations', () => {
  // prepare
  const list = () => ({});
  const operations = { ListStateMachines: list };
  // act + assert
  assert.equal(operationFor('AWSStepFunctions.ListStateMachines', operations), list);
  assert.throws(() => operationFor('AWSStepFunctions.CreateActivity', operations), typed('UnknownOperationException'));
  assert.throws(() => operationFor('AWSStepFunctions.toString', operations), typed('UnknownOperationException'));
  assert.throws(() => operationFor(undefined, operations), typed('UnknownOperationException'));
});

test('parseBody accepts an empty body and refuses non-objects', () => {
  assert.deepEqual(parseBody(''), {});
  assert.deepEqual(parseBody('{"a":1}'), { a: 1 });
  assert.throws(() => parseBody('{'), typed('SerializationException'));
  assert.throws(() => parseBody('[1]'), typed('SerializationException'));
});

test('requireArn refuses malformed ARNs with InvalidArn', () => {
  assert.equal(
    requireArn('arn:aws:states:us-east-1:000000000000:stateMachine:m', 'stateMachine', 'f'),
    'arn:aws:states:us-east-1:000000000000:stateMachine:m',
  );
  assert.throws(() => requireArn('nope', 'stateMachine', 'f'), typed('InvalidArn'));
  assert.throws(() => requireArn('arn:aws:states:us-east-1:000000000000:stateMachine:m', 'execution', 'f'), typed('InvalidArn'));
  assert.throws(() => requireArn(undefined, 'execution', 'f'), typed('ValidationException'));
});

test('page slices with maxResults and an opaque nextToken', () => {
  // prepare
  const items = [1, 2, 3, 4, 5];
  // act
  const first = page(items, { maxResults: 2 }, 100, 1000);
  const second = page(items, { maxResults: 2, nextToken: first.nextToken }, 100, 1000);
  const last = page(items, { maxResults: 2, nextToken: second.nextToken }, 100, 1000);
  // assert
  assert.deepEqual([first.items, second.items, last.items], [[1, 2], [3, 4], [5]]);
  assert.equal(last.nextToken, undefined);
  assert.throws(() => page(items, { maxResults: 1001 }, 100, 1000), typed('ValidationException'));
  assert.throws(() => page(items, { nextToken: 'garbage!' }, 100, 1000), typed('InvalidToken'));
});
