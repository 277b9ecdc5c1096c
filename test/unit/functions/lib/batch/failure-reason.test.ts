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
