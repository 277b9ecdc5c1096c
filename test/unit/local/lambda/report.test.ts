import { test } from 'node:test';
import assert from 'node:assert/strict';
import { billedDuration, formatReportLine, timeoutMessage } from '../../../../local/lambda/index.ts';

const base = {
  requestId: 'abc',
  instanceId: 'i1',
  durationMs: 1.234,
  billedDurationMs: 2,
  memorySizeMB: 1024,
  maxMemoryUsedMB: 87,
  traceId: '1-00000000-000000000000000000000000',
  cpuMs: 1,
};

test('REPORT line for a warm invocation has no Init Duration', () => {
  assert.equal(
    formatReportLine(base),
    'REPORT RequestId: abc\tDuration: 1.23 ms\tBilled Duration: 2 ms\tMemory Size: 1024 MB\tMax Memory Used: 87 MB\tXRAY TraceId: 1-00000000-000000000000000000000000',
  );
});

test('REPORT line for a cold start has Init Duration', () => {
  assert.equal(
    formatReportLine({ ...base, initDurationMs: 123.456 }),
    'REPORT RequestId: abc\tDuration: 1.23 ms\tBilled Duration: 2 ms\tMemory Size: 1024 MB\tMax Memory Used: 87 MB\tInit Duration: 123.46 ms\tXRAY TraceId: 1-00000000-000000000000000000000000',
  );
});

test('billed duration (init included, as Lambda bills it since 2025-08-01) rounds up to the next millisecond, at least 1 ms', () => {
  assert.equal(billedDuration(120.2, 300.5), 421);
  assert.equal(billedDuration(0), 1);
  assert.equal(billedDuration(0.2), 1);
  assert.equal(billedDuration(1.0), 1);
  assert.equal(billedDuration(1.01), 2);
});

test('timeout message matches Lambda wording', () => {
  assert.equal(
    timeoutMessage('r1', 3000, new Date('2026-01-02T03:04:05.000Z')),
    '2026-01-02T03:04:05.000Z r1 Task timed out after 3.00 seconds',
  );
});
