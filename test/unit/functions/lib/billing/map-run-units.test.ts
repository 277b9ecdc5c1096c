import { test } from 'node:test';
import assert from 'node:assert/strict';
import { childrenStarted, mapRunBill, mapRunsUnits } from '../../../../../functions/lib/billing/map-run-units.ts';

const ran = (start: string, stop: string) => ({ StartDate: `2026-12-02T17:00:${start}Z`, StopDate: `2026-12-02T17:00:${stop}Z` });

test('a run’s bill lists every child that started, succeeded or failed (aborted ones are in FAILED)', () => {
  const succeeded = [{ ...ran('00.000', '00.250'), Output: '{"rows":3}' }];
  const bill = mapRunBill({ resultFiles: 2, succeeded, failed: [ran('00.000', '00.020')] });
  assert.deepEqual(bill, { resultFiles: 2, children: [ran('00.000', '00.250'), ran('00.000', '00.020')] });
});

test('map runs’ units: their ItemReader GETs and ResultWriter PUTs, their children’s Express requests and durations', () => {
  const runs = [
    { resultFiles: 2, children: [ran('00.000', '00.250'), ran('00.000', '00.020')] },
    { resultFiles: 1, children: [ran('01.000', '01.100')] },
  ];
  assert.deepEqual(mapRunsUnits(runs), {
    unitsS3GetSelectOther: 2,
    unitsS3PutCopyPostList: 3 + 2,
    unitsStepFunctionsExpressRequests: 3,
    unitsStepFunctionsExpressBilledMs: 300 + 100 + 100,
  });
  assert.equal(childrenStarted(runs), 3);
  assert.deepEqual(mapRunsUnits([]), { unitsStepFunctionsExpressRequests: 0, unitsStepFunctionsExpressBilledMs: 0 });
});
