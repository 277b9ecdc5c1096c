import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  executionEndedReason,
  ingestFailedReason,
  parseExecutionEnded,
  parseInvocationFailure,
} from '../../../../../functions/lib/safety-net/events.ts';
import { jobIdOfExecutionName, deriveExecutionName } from '../../../../../functions/lib/jobs/job-id.ts';

const statusChange = (detail: Record<string, unknown>) => ({
  source: 'aws.states',
  'detail-type': 'Step Functions Execution Status Change',
  detail,
});

test('an execution status change: the fields AWS documents, input kept as its JSON string', () => {
  const ended = parseExecutionEnded(
    statusChange({
      executionArn: 'arn:aws:states:r:1:execution:m:n',
      name: 'n',
      status: 'TIMED_OUT',
      input: '{"job":{}}',
      output: null,
    }),
  );

  assert.deepEqual(ended, { executionArn: 'arn:aws:states:r:1:execution:m:n', name: 'n', status: 'TIMED_OUT', input: '{"job":{}}' });
  assert.equal(parseExecutionEnded(statusChange({ executionArn: 'a', name: 'n', status: 'FAILED', input: null })).input, null);
  assert.throws(
    () => parseExecutionEnded(statusChange({ executionArn: 'a', name: 'n', status: 'SUCCEEDED' })),
    /FAILED, TIMED_OUT or ABORTED/,
  );
});

test('each way an execution ends has its own plain reason; an error the event names is said plainly', () => {
  const base = { executionArn: 'a', name: 'n', input: null };

  assert.match(executionEndedReason({ ...base, status: 'ABORTED' }), /^the workflow was stopped before the job finished$/);
  assert.match(executionEndedReason({ ...base, status: 'TIMED_OUT' }), /ran past its time limit/);
  assert.match(executionEndedReason({ ...base, status: 'FAILED' }), /could not mark the job failed|before it could mark the job failed/);
  assert.match(
    executionEndedReason({ ...base, status: 'FAILED', error: 'States.DataLimitExceeded', cause: '' }),
    /States\.DataLimitExceeded: a step produced more data/,
  );
});

test('a Lambda failure record: condition, attempts and the last error make the reason', () => {
  const failure = parseInvocationFailure({
    source: 'lambda',
    'detail-type': 'Lambda Function Invocation Result - Failure',
    detail: {
      requestContext: {
        requestId: 'r',
        functionArn: 'arn:aws:lambda:r:1:function:f:$LATEST',
        condition: 'RetriesExhausted',
        approximateInvokeCount: 3,
      },
      requestPayload: { Records: [] },
      responsePayload: { errorType: 'ThrottlingException', errorMessage: 'Rate exceeded' },
    },
  });

  assert.equal(
    ingestFailedReason(failure),
    "the upload's event could not be processed after 3 attempts (last error ThrottlingException: Rate exceeded)",
  );
  assert.match(ingestFailedReason({ ...failure, condition: 'EventAgeExceeded' }), /not processed within its maximum age/);
});

test('the job id is read back from an execution name made by deriveExecutionName', () => {
  const jobId = '0123456789abcdef01234567';

  assert.equal(jobIdOfExecutionName(deriveExecutionName('runs/iris.csv', jobId)), jobId);
  assert.equal(jobIdOfExecutionName(deriveExecutionName('', jobId)), jobId);
  assert.equal(jobIdOfExecutionName('hand-made-name'), undefined);
});
