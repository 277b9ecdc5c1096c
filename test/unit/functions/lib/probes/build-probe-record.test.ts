import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildProbeRecord, probeId } from '../../../../../functions/lib/probes/build-probe-record.ts';

test('probe record: key, TTL in epoch seconds, measures kept', () => {
  const record = buildProbeRecord(
    {
      runId: 'job1',
      step: 'score',
      chunk: 3,
      startMs: 1_700_000_000_000,
      endMs: 1_700_000_001_500,
      coldStart: true,
      instanceId: 'abcd1234',
      rows: 100,
      bytes: 2048,
    },
    7,
  );
  assert.equal(record.probeId, 'score#3#1700000000000#abcd1234');
  assert.equal(record.expiresAt, 1_700_000_001 + 7 * 86_400);
  assert.equal(record.rows, 100);
  assert.equal(record.coldStart, true);
});

test('probe id uses "-" for steps without a chunk', () => {
  assert.equal(probeId('plan', undefined, 5, 'i'), 'plan#-#5#i');
});
