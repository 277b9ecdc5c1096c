import { test } from 'node:test';
import assert from 'node:assert/strict';
import { failureReason } from '../../../../../functions/lib/batch/failure-reason.ts';

test('Lambda error causes keep type and message, never the trace', () => {
  const cause = JSON.stringify({ errorType: 'AccountingError', errorMessage: 'rows lost', trace: ['at x (/var/task/a.js:1)'] });
  const reason = failureReason({ Error: 'AccountingError', Cause: cause });
  assert.equal(reason, 'AccountingError: rows lost');
});

test('plain-text causes and missing ones', () => {
  assert.equal(failureReason({ Error: 'States.Timeout', Cause: 'Task timed out' }), 'States.Timeout: Task timed out');
  assert.equal(failureReason({ Error: 'States.TaskFailed' }), 'States.TaskFailed');
  assert.equal(failureReason(undefined), 'Error');
});

test('an SDK deserialization failure is said in plain words, without the SDK hint about hidden fields', () => {
  const errorMessage =
    "char 'B' is not expected.:1:1\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.";
  const cause = JSON.stringify({ errorType: 'Error', errorMessage, trace: [] });

  const reason = failureReason({ Error: 'Error', Cause: cause });

  assert.equal(reason, "Error: an AWS service sent a response that could not be read (char 'B' is not expected.:1:1)");
  assert.doesNotMatch(reason, /\$response|hidden field|\{error\}/);
});

test('internal error codes without a message get plain words', () => {
  assert.equal(failureReason({ Error: 'States.Timeout' }), 'States.Timeout: a step took longer than its time limit');
  const unknown = JSON.stringify({ errorType: 'UnknownError', errorMessage: 'UnknownError' });
  assert.equal(failureReason({ Error: 'UnknownError', Cause: unknown }), 'UnknownError: an AWS service failed without saying why');
});
