import { mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { handler, jobIdFrom, jobResponse } from '../../../functions/get-job.ts';
import { dynamo } from '../../../functions/lib/aws/clients.ts';
import type { JobRecord } from '../../../functions/lib/jobs/types.ts';

const record: JobRecord = {
  jobId: '0123456789abcdef01234567',
  bucket: 'input',
  key: 'a.csv',
  etag: 'e',
  versionId: null,
  size: 10,
  status: 'RUNNING',
  executionArn: 'arn:x',
  executionName: 'a-csv-0123456789abcdef01234567',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.500Z',
  outputKeys: { scored: 'a.scored.csv', errors: 'a.errors.csv', summary: 'a.summary.json' },
};

test('200 with the job view', () => {
  const response = jobResponse(record.jobId, record, 'output');
  assert.equal(response.statusCode, 200);
  assert.equal(response.headers['Content-Type'], 'application/json');
  const body = JSON.parse(response.body);
  assert.equal(body.jobId, record.jobId);
  assert.equal(body.status, 'RUNNING');
  assert.equal(body.rowsIn, null);
  assert.equal(body.outputs.scored, 'a.scored.csv');
  assert.equal(body.executionArn, 'arn:x');
});

test('404 JOB_NOT_FOUND for an unknown id', () => {
  const response = jobResponse(record.jobId, undefined, 'output');
  assert.equal(response.statusCode, 404);
  assert.equal(JSON.parse(response.body).error.code, 'JOB_NOT_FOUND');
});

/** Every command the handler sends through its DynamoDB client (the one `dynamo()` hands out); none reaches a table. */
function observeDynamoDB(t: { after: (fn: () => void) => void }): unknown[] {
  const sent: unknown[] = [];
  const send = mock.method(dynamo(), 'send', async (command: { input: unknown }) => {
    sent.push(command.input);
    return { Item: undefined };
  });
  t.after(() => send.mock.restore());
  return sent;
}

test('400 INVALID_JOB_ID for a malformed id, without touching DynamoDB', async (t) => {
  const sent = observeDynamoDB(t);
  for (const id of ['nope', '../../x', '', undefined]) {
    const response = await handler({ pathParameters: id === undefined ? null : { id } });
    assert.equal(response.statusCode, 400, String(id));
    assert.equal(JSON.parse(response.body).error.code, 'INVALID_JOB_ID');
  }
  assert.deepEqual(sent, []);
});

test("a well-formed id is looked up in DynamoDB once (what the test above observes is the handler's client)", async (t) => {
  const sent = observeDynamoDB(t);
  const response = await handler({ pathParameters: { id: record.jobId } });
  assert.equal(response.statusCode, 404);
  assert.deepEqual(sent, [{ TableName: 'Jobs', Key: { jobId: record.jobId }, ConsistentRead: true }]);
});

test('job id from v1 path parameters, or from the raw path', () => {
  assert.equal(jobIdFrom({ pathParameters: { id: 'abc' } }), 'abc');
  assert.equal(jobIdFrom({ rawPath: '/jobs/abc' }), 'abc');
  assert.equal(jobIdFrom({ path: '/prod/jobs/abc/' }), 'abc');
  assert.equal(jobIdFrom({ path: '/jobs' }), undefined);
});
