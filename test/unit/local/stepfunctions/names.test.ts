import { test } from 'node:test';
import assert from 'node:assert/strict';
import { executionArnFor, MAX_NAME_LENGTH, validateExecutionName } from '../../../../local/stepfunctions/names.ts';
import { SfnApiError } from '../../../../local/stepfunctions/errors.ts';

const invalidName = (error: unknown): boolean => error instanceof SfnApiError && error.type === 'InvalidName';

test('accepts names of up to 80 allowed characters', () => {
  // prepare
  const names = ['job-1', 'a', 'x'.repeat(MAX_NAME_LENGTH), 'input_abc.csv-0123', 'Ünïcode-ok'];
  // act + assert
  for (const name of names) assert.doesNotThrow(() => validateExecutionName(name), name);
});

test('refuses empty and too long names with InvalidName', () => {
  assert.throws(() => validateExecutionName(''), invalidName);
  assert.throws(() => validateExecutionName('x'.repeat(MAX_NAME_LENGTH + 1)), invalidName);
});

test('refuses whitespace, brackets, wildcards, specials and control characters', () => {
  // prepare
  const bad = [
    ' ',
    '\t',
    '<',
    '>',
    '{',
    '}',
    '[',
    ']',
    '?',
    '*',
    '"',
    '#',
    '%',
    '\\',
    '^',
    '|',
    '~',
    '`',
    '$',
    '&',
    ',',
    ';',
    ':',
    '/',
    '\u0001',
    '\u007f',
    '\u0085',
  ];
  // act + assert
  for (const character of bad) assert.throws(() => validateExecutionName(`job${character}1`), invalidName, JSON.stringify(character));
});

test('builds the execution ARN from the state machine ARN', () => {
  // act
  const arn = executionArnFor('arn:aws:states:us-east-1:000000000000:stateMachine:batch-scoring', 'job-1');
  // assert
  assert.equal(arn, 'arn:aws:states:us-east-1:000000000000:execution:batch-scoring:job-1');
});
