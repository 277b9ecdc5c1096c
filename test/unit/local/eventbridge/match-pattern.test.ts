import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchesPattern, UnsupportedPatternError } from '../../../../local/eventbridge/index.ts';

const failure = {
  source: 'lambda',
  'detail-type': 'Lambda Function Invocation Result - Failure',
  detail: {
    requestContext: { functionArn: 'arn:aws:lambda:us-east-1:0:function:prediction:$LATEST', approximateInvokeCount: 3 },
    requestPayload: { Records: [{ eventSource: 'aws:s3' }, { eventSource: 'aws:sqs' }] },
  },
};

test('exact values, arrays of alternatives and nested detail', () => {
  assert.equal(matchesPattern({ source: ['lambda'], 'detail-type': ['x', 'Lambda Function Invocation Result - Failure'] }, failure), true);
  assert.equal(matchesPattern({ source: ['aws.states'] }, failure), false);
  assert.equal(matchesPattern({ detail: { requestContext: { approximateInvokeCount: [3] } } }, failure), true);
  assert.equal(matchesPattern({ detail: { missing: ['x'] } }, failure), false);
});

test('prefix, and arrays of objects matched element by element', () => {
  assert.equal(
    matchesPattern(
      { detail: { requestContext: { functionArn: [{ prefix: 'arn:aws:lambda:us-east-1:0:function:prediction:' }] } } },
      failure,
    ),
    true,
  );
  assert.equal(
    matchesPattern(
      { detail: { requestContext: { functionArn: [{ prefix: 'arn:aws:lambda:us-east-1:0:function:prediction-api:' }] } } },
      failure,
    ),
    false,
  );
  assert.equal(matchesPattern({ detail: { requestPayload: { Records: { eventSource: ['aws:s3'] } } } }, failure), true);
  assert.equal(matchesPattern({ detail: { requestPayload: { Records: { eventSource: ['aws:sns'] } } } }, failure), false);
  assert.equal(matchesPattern({ detail: { requestPayload: { source: ['aws.states'] } } }, failure), false);
});

test('exists and anything-but; an operator not emulated is refused, not ignored', () => {
  assert.equal(matchesPattern({ detail: { requestPayload: { Records: [{ exists: true }] } } }, failure), true);
  assert.equal(matchesPattern({ detail: { error: [{ exists: false }] } }, failure), true);
  assert.equal(matchesPattern({ source: [{ 'anything-but': ['aws.states'] }] }, failure), true);
  assert.throws(() => matchesPattern({ source: [{ numeric: ['>', 1] }] }, failure), UnsupportedPatternError);
});
