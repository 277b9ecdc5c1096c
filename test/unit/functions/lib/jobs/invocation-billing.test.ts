import { test } from 'node:test';
import assert from 'node:assert/strict';
import { billedInvocation } from '../../../../../functions/lib/jobs/lifecycle/invocation-billing.ts';
import type { JobStore } from '../../../../../functions/lib/jobs/lifecycle/JobStore.ts';
import type { Transition } from '../../../../../functions/lib/jobs/lifecycle/transitions.ts';
import { billTo, countRequest } from '../../../../../functions/lib/billing/index.ts';

/** A store that keeps the transitions it is asked to apply (the DynamoDB adapter is tested on the local stack). */
function recordingStore(): { applied: [string, Transition][]; store: () => Promise<JobStore> } {
  const applied: [string, Transition][] = [];
  const fake = {
    apply: async (jobId: string, transition: Transition) => {
      applied.push([jobId, transition]);
      return true;
    },
  };
  return { applied, store: async () => fake as unknown as JobStore };
}

test('an invocation that worked for a job adds its units in one write, also when it throws', async () => {
  const ok = recordingStore();
  const failed = recordingStore();

  await billedInvocation(async () => {
    billTo('job-a');
    countRequest('S3Client', 'GetObjectCommand');
  }, ok.store);
  await assert.rejects(
    billedInvocation(async () => {
      billTo('job-b');
      throw new Error('boom');
    }, failed.store),
    /boom/,
  );

  assert.equal(ok.applied.length, 1);
  const [jobId, transition] = ok.applied[0]!;
  assert.equal(jobId, 'job-a');
  assert.equal(transition.guard, 'exists');
  assert.deepEqual(
    [transition.add?.unitsS3GetSelectOther, transition.add?.unitsDynamodbWrite, transition.add?.unitsLambdaRequests],
    [1, 1, 1],
  );
  assert.deepEqual(
    failed.applied.map(([id]) => id),
    ['job-b'],
  );
});

test('an invocation that worked for no job writes nothing', async () => {
  const { applied, store } = recordingStore();

  const answer = await billedInvocation(async () => 'predicted', store);

  assert.equal(answer, 'predicted');
  assert.equal(applied.length, 0);
});
