import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { JobStore } from '../../../../../functions/lib/jobs/lifecycle/JobStore.ts';
import { backToPending, toRunning, toSucceeded } from '../../../../../functions/lib/jobs/lifecycle/transitions.ts';

/** A document client that records each command's input and answers with `answer`. */
function recordingClient(answer: (input: Record<string, unknown>) => unknown) {
  const sent: { name: string; input: Record<string, unknown> }[] = [];
  const client = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      sent.push({ name: command.constructor.name, input: command.input });
      return answer(command.input);
    },
  } as unknown as DynamoDBDocumentClient;
  return { client, sent };
}

test('a transition is one conditional UpdateItem of the job; a refused condition is "not applied", not an error', async () => {
  const refused = Object.assign(new Error('refused'), { name: 'ConditionalCheckFailedException' });
  const { client, sent } = recordingClient((input) => {
    if ((input.Key as { jobId: string }).jobId === 'ended') throw refused;
    return {};
  });
  const store = new JobStore(client, 'Jobs');

  const applied = await store.apply('open', toRunning('arn:x', new Date(0)));
  const notApplied = await store.apply('ended', backToPending(new Date(0)));

  assert.deepEqual([applied, notApplied], [true, false]);
  assert.equal(sent[0].name, 'UpdateCommand');
  assert.deepEqual(sent[0].input.Key, { jobId: 'open' });
  assert.match(String(sent[0].input.ConditionExpression), /^attribute_exists\(#jobId\) AND #status <> :succeeded/);
  assert.match(String(sent[1].input.UpdateExpression), / REMOVE #r0, #r1$/);
});

test('applyAndGet: the record from the update itself (ALL_NEW); refused, from one consistent read', async () => {
  const refused = Object.assign(new Error('refused'), { name: 'ConditionalCheckFailedException' });
  const { client, sent } = recordingClient((input) => {
    const jobId = (input.Key as { jobId: string }).jobId;
    if ('UpdateExpression' in input) {
      if (jobId === 'ended') throw refused;
      return { Attributes: { jobId, status: 'SUCCEEDED' } };
    }
    return { Item: { jobId, status: 'FAILED' } };
  });
  const store = new JobStore(client, 'Jobs');
  const counts = { rowsIn: 1, rowsScored: 1, rowsRejected: 0 };

  const applied = await store.applyAndGet('open', toSucceeded(counts, new Date(0)));
  const ended = await store.applyAndGet('ended', toSucceeded(counts, new Date(0)));

  assert.deepEqual([applied?.status, ended?.status], ['SUCCEEDED', 'FAILED']);
  assert.deepEqual(
    sent.map((s) => s.name),
    ['UpdateCommand', 'UpdateCommand', 'GetCommand'],
  );
  assert.equal(sent[0].input.ReturnValues, 'ALL_NEW');
  assert.equal(sent[2].input.ConsistentRead, true);
});

test('unfinished jobs are read page by page with a PENDING/RUNNING filter', async () => {
  const pages = [
    { Items: [{ jobId: 'a', status: 'PENDING' }], LastEvaluatedKey: { jobId: 'a' } },
    { Items: [{ jobId: 'b', status: 'RUNNING' }] },
  ];
  const { client, sent } = recordingClient(() => pages.shift());
  const store = new JobStore(client, 'Jobs');

  const jobs = [];
  for await (const job of store.unfinished()) jobs.push(job.jobId);

  assert.deepEqual(jobs, ['a', 'b']);
  assert.deepEqual(
    sent.map((s) => s.input.ExclusiveStartKey),
    [undefined, { jobId: 'a' }],
  );
  assert.equal(sent[0].input.FilterExpression, '#s IN (:pending, :running)');
});
