import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decomposeBatch } from '../../../bench/lib/batch-decomposition.ts';
import { coveredMs } from '../../../bench/lib/intervals.ts';
import { InconsistentTimesError, MissingProbeError } from '../../../bench/lib/errors.ts';
import type { BatchTimes } from '../../../bench/lib/types.ts';

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/bench/batch-job-probes.json', import.meta.url), 'utf8')) as BatchTimes & {
  expected: Record<string, unknown>;
};

test('a batch job decomposes into the hand-computed delays, task times and overhead', () => {
  // act
  const d = decomposeBatch(fixture);
  // assert
  const { segments, rowsPerSecond, ...figures } = d;
  assert.deepEqual(figures, fixture.expected);
  assert.equal(rowsPerSecond, 2500 / 1.69);
  assert.deepEqual(
    segments.map((s) => s.ms),
    [120, 60, 80, 40, 40, 1160, 60, 130],
  );
});

test('the segments add up to the end-to-end time; with no gap inside the map their waits are the overhead', () => {
  // act
  const d = decomposeBatch(fixture);
  // assert
  assert.equal(
    d.segments.reduce((sum, s) => sum + s.ms, 0),
    d.endToEndMs,
  );
  const waits = d.segments.filter((s) => s.kind === 'wait').reduce((sum, s) => sum + s.ms, 0);
  assert.equal(waits, d.orchestrationOverheadMs);
});

test('without the summary time the job ends when finalize ends', () => {
  const d = decomposeBatch({ ...fixture, summaryWrittenMs: undefined });
  assert.equal(d.endToEndMs, 1700);
  assert.equal(d.segments.at(-1)?.ms, 140);
});

test('a summary time before finalize started (a whole-second LastModified) is refused', () => {
  assert.throws(() => decomposeBatch({ ...fixture, summaryWrittenMs: fixture.uploadDoneMs + 1000 }), InconsistentTimesError);
});

test('rows given by the runner override the sum of the chunk rows', () => {
  assert.equal(decomposeBatch({ ...fixture, rows: 3000 }).rows, 3000);
});

test('a job without a successful plan probe is refused', () => {
  const records = fixture.records.filter((r) => r.step !== 'plan');
  assert.throws(() => decomposeBatch({ ...fixture, records }), MissingProbeError);
});

test('coveredMs counts overlapping intervals once and clips to the window', () => {
  const intervals = [
    { start: 0, end: 10 },
    { start: 5, end: 15 },
    { start: 20, end: 30 },
    { start: 40, end: 50 },
  ];
  assert.equal(coveredMs(intervals, 2, 45), 13 + 10 + 5);
});
