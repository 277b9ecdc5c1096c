import { test } from 'node:test';
import assert from 'node:assert/strict';
import { transitionsInHistory } from '../../../../../functions/lib/billing/state-transitions.ts';

const events = (...types: string[]) => types.map((type) => ({ type }) as never);

test('every state entered is one transition', () => {
  assert.equal(
    transitionsInHistory(events('ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'TaskStateEntered', 'TaskScheduled')),
    2,
  );
});

test('a Task attempt beyond its entry’s first is a retry, billed as a transition', () => {
  const retried = events('TaskStateEntered', 'TaskScheduled', 'TaskFailed', 'TaskScheduled', 'TaskSucceeded', 'TaskStateExited');
  assert.equal(transitionsInHistory(retried), 2);
});

test('a Map run started again is a retry of its Map state', () => {
  assert.equal(transitionsInHistory(events('MapStateEntered', 'MapRunStarted', 'MapRunFailed', 'MapRunStarted', 'MapRunSucceeded')), 2);
});
