import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideListedObject, decideUnfinishedJob } from '../../../../../../functions/lib/jobs/reconcile/decide.ts';
import { workflowState } from '../../../../../../functions/lib/jobs/lifecycle/workflow-execution.ts';

const execution = {
  executionArn: 'arn:aws:states:us-east-1:0:execution:batch:a-0123456789abcdef01234567',
  name: 'a-0123456789abcdef01234567',
  input: '{"job":{}}',
};

test('an unfinished job whose execution does not exist is re-driven', () => {
  const action = decideUnfinishedJob({ kind: 'missing' });

  assert.deepEqual(action, { kind: 'redrive' });
});

test('an unfinished job whose workflow runs, or whose execution succeeded, is left alone', () => {
  const running = decideUnfinishedJob(workflowState({ ...execution, status: 'RUNNING' }));
  const succeeded = decideUnfinishedJob(workflowState({ ...execution, status: 'SUCCEEDED' }));

  assert.equal(running.kind, 'leave');
  assert.equal(succeeded.kind, 'leave');
});

test('an unfinished job whose execution closed unsuccessfully is ended with what the status-change event would carry', () => {
  const action = decideUnfinishedJob(workflowState({ ...execution, status: 'TIMED_OUT', error: 'States.Timeout', cause: 'too long' }));

  assert.deepEqual(action, {
    kind: 'end',
    ended: {
      executionArn: execution.executionArn,
      name: execution.name,
      status: 'TIMED_OUT',
      input: '{"job":{}}',
      error: 'States.Timeout',
      cause: 'too long',
    },
  });
});

test('a listed object without a job record is ingested; one with a record is left alone', () => {
  const lost = decideListedObject('job-a', false, undefined);
  const known = decideListedObject('job-a', true, undefined);
  const sameOwner = decideListedObject('job-a', false, { jobId: 'job-a', sequencer: '0A', revision: 3 });

  assert.deepEqual([lost.kind, known.kind, sameOwner.kind], ['ingest', 'leave', 'ingest']);
});

test('a listed object another job owns the outputs of is left to its own event (a listing cannot order it)', () => {
  const action = decideListedObject('job-a', false, { jobId: 'job-b', sequencer: '0B', revision: 1 });

  assert.deepEqual(action, { kind: 'leave', why: 'job job-b is recorded as the newest of its outputs' });
});
