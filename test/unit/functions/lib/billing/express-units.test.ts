import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EXPRESS_MEMORY_MB, expressBilledMs, expressGbSeconds, expressUnits } from '../../../../../functions/lib/billing/express-units.ts';

test('Express duration is billed in whole 100 ms increments, at least one', () => {
  assert.equal(expressBilledMs(0), 100);
  assert.equal(expressBilledMs(1), 100);
  assert.equal(expressBilledMs(100), 100);
  assert.equal(expressBilledMs(101), 200);
  assert.equal(expressBilledMs(1234), 1300);
});

test('GB-seconds at 64 MB: 16 billed seconds are one GB-second', () => {
  assert.equal(EXPRESS_MEMORY_MB, 64);
  assert.equal(expressGbSeconds(16_000), 1);
});

test('a map run’s children: one request each, each one’s StopDate − StartDate billed from the result entries', () => {
  const units = expressUnits([
    { StartDate: '2026-12-02T17:00:00.000Z', StopDate: '2026-12-02T17:00:00.042Z' },
    { StartDate: '2026-12-02T17:00:00.950Z', StopDate: '2026-12-02T17:00:01.051Z' },
    { StartDate: '2026-12-02T17:00:00.000Z', StopDate: '2026-12-02T17:00:00.300Z' },
  ]);
  assert.deepEqual(units, { unitsStepFunctionsExpressRequests: 3, unitsStepFunctionsExpressBilledMs: 100 + 200 + 300 });
});

test('an entry without its dates still bills its request and the least duration', () => {
  assert.deepEqual(expressUnits([{}, { StartDate: '2026-12-02T17:00:00.000Z' }]), {
    unitsStepFunctionsExpressRequests: 2,
    unitsStepFunctionsExpressBilledMs: 200,
  });
  assert.deepEqual(expressUnits([]), { unitsStepFunctionsExpressRequests: 0, unitsStepFunctionsExpressBilledMs: 0 });
});
