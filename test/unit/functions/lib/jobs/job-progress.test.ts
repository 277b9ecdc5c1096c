import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { JobStore } from '../../../../../functions/lib/jobs/lifecycle/JobStore.ts';
import { recordChunkDone, recordPlanned } from '../../../../../functions/lib/jobs/lifecycle/job-progress.ts';

const AT = new Date('2026-12-02T10:00:00.000Z');
const CHUNK = { index: 2, rowsScored: 10, rowsRejected: 1, bytes: 512 };

/** A store whose client records each UpdateItem's input and answers with `answer`. */
function storeAnswering(answer: () => unknown) {
  const sent: Record<string, unknown>[] = [];
  const client = {
    send: async (command: { input: Record<string, unknown> }) => {
      sent.push(command.input);
      return answer();
    },
  } as unknown as DynamoDBDocumentClient;
  return { store: new JobStore(client, 'Jobs'), sent };
}

test('Plan and each chunk write the progress as one UpdateItem each', async () => {
  const { store, sent } = storeAnswering(() => ({}));

  await recordPlanned('job-1', 4, store, AT);
  await recordChunkDone('job-1', CHUNK, store, AT);

  assert.equal(sent.length, 2);
  assert.deepEqual(sent[0]!.Key, { jobId: 'job-1' });
  assert.match(String(sent[1]!.UpdateExpression), / ADD /);
  assert.match(String(sent[1]!.ConditionExpression), /NOT contains\(#in, :in\)$/);
});

test('a chunk already counted (the condition refused) and a failed write both leave the chunk to go on', async () => {
  const refused = storeAnswering(() => {
    throw Object.assign(new Error('refused'), { name: 'ConditionalCheckFailedException' });
  });
  const failing = storeAnswering(() => {
    throw Object.assign(new Error('throughput exceeded'), { name: 'ProvisionedThroughputExceededException' });
  });

  await recordChunkDone('job-1', CHUNK, refused.store, AT);
  await recordChunkDone('job-1', CHUNK, failing.store, AT);
  await recordPlanned('job-1', 4, failing.store, AT);

  assert.deepEqual([refused.sent.length, failing.sent.length], [1, 2]);
});
