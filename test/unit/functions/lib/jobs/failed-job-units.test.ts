import { test } from 'node:test';
import assert from 'node:assert/strict';
import { failedJobUnits } from '../../../../../functions/lib/jobs/lifecycle/failed-job-units.ts';
import { listMapRunsOnce } from '../../../../../functions/lib/jobs/lifecycle/execution-map-runs.ts';
import { s3, sfn } from '../../../../../functions/lib/aws/clients.ts';
import { MAP_RESULTS_PREFIX } from '../../../../../functions/lib/jobs/output-keys.ts';

const entry = (start: string, stop: string) => ({ StartDate: `2026-12-02T17:00:${start}Z`, StopDate: `2026-12-02T17:00:${stop}Z` });

test('MarkFailed bills every map run of the execution from its result files, as Finalize does, and its transitions', async () => {
  // prepare: two map runs on two ListMapRuns pages; the first failed (one child succeeded, one failed, one aborted,
  // one never started), the second wrote no manifest. The history: Start, Plan, ScoreChunks (Map), MarkFailed.
  process.env.AWS_REGION ??= 'us-east-1';
  const folder = `${MAP_RESULTS_PREFIX}/run-1/`;
  const objects: Record<string, unknown> = {
    [`${folder}manifest.json`]: {
      ResultFiles: {
        SUCCEEDED: [{ Key: `${folder}SUCCEEDED_0.json` }],
        FAILED: [{ Key: `${folder}FAILED_0.json` }],
        PENDING: [{ Key: `${folder}PENDING_0.json` }],
      },
    },
    [`${folder}SUCCEEDED_0.json`]: [{ ...entry('00.000', '00.420'), Output: '{}' }],
    [`${folder}FAILED_0.json`]: [
      { ...entry('00.000', '00.030'), Status: 'FAILED' },
      { ...entry('00.000', '00.035'), Status: 'ABORTED' },
    ],
  };
  const read: string[] = [];
  s3().middlewareStack.add(
    () => async (args) => {
      const { Key } = args.input as { Key: string };
      read.push(Key);
      if (!(Key in objects)) throw Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' });
      return { output: { Body: { transformToString: async () => JSON.stringify(objects[Key]) } } as never, response: {} };
    },
    { step: 'initialize', name: 'cannedObjects' },
  );
  sfn().middlewareStack.add(
    () => async (args) => {
      const input = args.input as { nextToken?: string };
      if ('maxResults' in (args.input as object)) {
        const types = [
          'PassStateEntered',
          'TaskStateEntered',
          'TaskScheduled',
          'MapStateEntered',
          'MapRunStarted',
          'TaskStateEntered',
          'TaskScheduled',
        ];
        return { output: { events: types.map((type) => ({ type })) } as never, response: {} };
      }
      const page = input.nextToken
        ? { mapRuns: [{ mapRunArn: 'arn:aws:states:us-east-1:1:mapRun:batch/ScoreChunks:run-2' }] }
        : { mapRuns: [{ mapRunArn: 'arn:aws:states:us-east-1:1:mapRun:batch/ScoreChunks:run-1' }], nextToken: 'more' };
      return { output: page as never, response: {} };
    },
    { step: 'initialize', name: 'cannedExecution' },
  );

  // act
  const units = await failedJobUnits('arn:job', listMapRunsOnce('arn:job', 'out'));

  // assert: the run's GET of its items and PUTs of 3 files and the manifest; 3 children started, billed 500 + 100 + 100
  // ms; transitions: 4 states entered, 3 children, the Fail state. The second run (no manifest) bills nothing.
  assert.deepEqual(units, {
    unitsS3GetSelectOther: 1,
    unitsS3PutCopyPostList: 4,
    unitsStepFunctionsExpressRequests: 3,
    unitsStepFunctionsExpressBilledMs: 700,
    unitsStepFunctionsTransitions: 8,
  });
  assert.ok(!read.includes(`${folder}PENDING_0.json`), 'pending children never ran: their file is not read');
  assert.ok(read.includes(`${MAP_RESULTS_PREFIX}/run-2/manifest.json`));
});
