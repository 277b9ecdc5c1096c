import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listMapRunsOnce } from '../../../../../functions/lib/jobs/lifecycle/execution-map-runs.ts';
import { sfn } from '../../../../../functions/lib/aws/clients.ts';
import { MAP_RESULTS_PREFIX } from '../../../../../functions/lib/jobs/output-keys.ts';

test('the map runs are listed once for every reader, every page; a failed listing is tried again', async () => {
  // prepare: ListMapRuns answers two pages, after failing the very first call.
  process.env.AWS_REGION ??= 'us-east-1';
  const calls: (string | undefined)[] = [];
  sfn().middlewareStack.add(
    () => async (args) => {
      const { nextToken } = args.input as { nextToken?: string };
      calls.push(nextToken);
      if (calls.length === 1) throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      const page = nextToken
        ? { mapRuns: [{ mapRunArn: 'arn:aws:states:us-east-1:1:mapRun:batch/ScoreChunks:run-2' }] }
        : { mapRuns: [{ mapRunArn: 'arn:aws:states:us-east-1:1:mapRun:batch/ScoreChunks:run-1' }], nextToken: 'more' };
      return { output: page as never, response: {} };
    },
    { step: 'initialize', name: 'cannedMapRuns' },
  );
  const mapRuns = listMapRunsOnce('arn:aws:states:us-east-1:1:execution:batch:job', 'out');

  // act
  await assert.rejects(mapRuns(), { name: 'ThrottlingException' });
  const [first, second] = await Promise.all([mapRuns(), mapRuns()]);
  const third = await mapRuns();

  // assert: one failed call, then one listing of both pages shared by every later reader.
  assert.deepEqual(calls, [undefined, undefined, 'more']);
  assert.equal(first, second);
  assert.equal(first, third);
  assert.deepEqual(
    first.map((location) => location.key),
    [`${MAP_RESULTS_PREFIX}/run-1/manifest.json`, `${MAP_RESULTS_PREFIX}/run-2/manifest.json`],
  );
  assert.ok(first.every((location) => location.bucket === 'out'));
});
