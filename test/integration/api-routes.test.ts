/**
 * The API's other routes through the whole local stack: `POST /experiment` runs the CHAIN/PARALLEL orchestration experiment
 * on the synthesized workflow with probe records in DynamoDB; `GET /jobs/{id}` reads a batch job's record.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { DescribeExecutionCommand, GetExecutionHistoryCommand } from '@aws-sdk/client-sfn';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { startTestStack, type TestStack } from '../helpers/local-stack.ts';
import { sampleText } from '../helpers/events.ts';

async function post(t: TestStack, path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${t.stack.apiUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function waitForExecution(t: TestStack, executionArn: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const { status } = await t.sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (status !== 'RUNNING') return status ?? '';
    await sleep(50);
  }
  throw new Error(`${executionArn} still running`);
}

describe('API routes on the local stack', () => {
  let t: TestStack;
  before(async () => {
    t = await startTestStack();
  });
  after(() => t.stop());

  for (const [experimentType, probes] of [
    ['CHAIN', ['A', 'B', 'C']],
    ['PARALLEL', ['P1', 'P2', 'P3', 'P4', 'P5']],
  ] as const) {
    test(`POST /experiment ${experimentType}: 202, the workflow runs, one probe record per step`, async () => {
      const started = await post(t, '/experiment', { experiment_type: experimentType });

      assert.equal(started.status, 202);
      const executionArn = String(started.json.execution_arn);
      assert.equal(await waitForExecution(t, executionArn), 'SUCCEEDED');
      const history = await t.sfn.send(new GetExecutionHistoryCommand({ executionArn }));
      const types = new Set((history.events ?? []).map((e) => e.type));
      assert.ok(types.has('TaskStateEntered') && types.has('TaskSucceeded') && types.has('ExecutionSucceeded'));
      const records = await t.dynamodb.send(
        new QueryCommand({
          TableName: 'Probes',
          KeyConditionExpression: 'runId = :run',
          ExpressionAttributeValues: { ':run': { S: executionArn } },
        }),
      );
      assert.deepEqual((records.Items ?? []).map((item) => item.step?.S).sort(), [...probes]);
    });
  }

  test('POST /experiment with an unknown type is a 400', async () => {
    const response = await post(t, '/experiment', { experiment_type: 'SIDEWAYS' });

    assert.equal(response.status, 400);
    assert.equal((response.json.error as { code: string }).code, 'INVALID_EXPERIMENT_TYPE');
  });

  test('GET /jobs/{id} reports a finished batch job; unknown and malformed ids are 404 and 400', async () => {
    await t.put('input', 'jobs/small.csv', sampleText('csv/small.csv'));
    const summary = await t.waitForSummary('jobs/small.csv');

    const job = await fetch(`${t.stack.apiUrl}/jobs/${summary.jobId}`);
    const missing = await fetch(`${t.stack.apiUrl}/jobs/${'0'.repeat(24)}`);
    const malformed = await fetch(`${t.stack.apiUrl}/jobs/not-an-id`);

    assert.equal(job.status, 200);
    const view = (await job.json()) as { status: string; rowsScored: number };
    assert.equal(view.status, 'SUCCEEDED');
    assert.equal(view.rowsScored, 3);
    assert.equal(missing.status, 404);
    assert.equal(malformed.status, 400);
  });
});
