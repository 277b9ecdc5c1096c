import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { JobStore } from '../../../../../functions/lib/jobs/lifecycle/JobStore.ts';
import { recordChunkDone, recordPlanned } from '../../../../../functions/lib/jobs/lifecycle/job-progress.ts';

// The configuration is read once per process (as per Lambda container): set before the first read.
process.env.JOB_PROGRESS = 'off';

test('with JOB_PROGRESS=off neither Plan nor a chunk writes progress', async () => {
  const sent: unknown[] = [];
  const client = { send: async (command: unknown) => sent.push(command) } as unknown as DynamoDBDocumentClient;
  const store = new JobStore(client, 'Jobs');

  await recordPlanned('job-1', 4, store);
  await recordChunkDone('job-1', { index: 0, rowsScored: 10, rowsRejected: 0, bytes: 100 }, store);

  assert.equal(sent.length, 0);
});
