import { test } from 'node:test';
import assert from 'node:assert/strict';
import { progressLine } from '../../../bench/progress.ts';
import { reportLog } from '../../../bench/report-log.ts';
import type { ReportFigures } from '../../../bench/types.ts';

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, isTTY, columns: 60, write: (text: string) => writes.push(text) };
}

test('on a terminal the line is rewritten in place with \\r, padded over the longer previous one, and ended by done()', () => {
  const out = stream(true);
  const progress = progressLine(out, () => 0);

  progress.update('a long first status line');
  progress.update('short');
  progress.done();

  assert.equal(out.writes.length, 3);
  assert.ok(out.writes.every((w, i) => (i < 2 ? w.startsWith('\r') : w === '\n')));
  assert.equal(out.writes[1].length, out.writes[0].length, 'the shorter line blanks the rest of the longer one');
  assert.match(out.writes[1], /\[bench +0 s\] short +$/);
});

test('off a terminal: one plain line per change, repeated status not repeated', () => {
  const out = stream(false);
  let now = 0;
  const progress = progressLine(out, () => now);

  progress.update('sync');
  progress.update('sync');
  now = 2500;
  progress.update('batch');
  progress.done();

  assert.deepEqual(out.writes, ['[bench   0 s] sync\n', '[bench   3 s] batch\n']);
});

test('the report log hands a scenario the REPORT figures of its time window', () => {
  let emit: (r: ReportFigures) => void = () => undefined;
  let now = 100;
  const log = reportLog(
    {
      onReport: (listener) => {
        emit = listener;
        return () => {
          emit = () => undefined;
        };
      },
    },
    () => now,
  );

  emit({ durationMs: 1, memorySizeMB: 1024 });
  now = 200;
  emit({ durationMs: 2, initDurationMs: 300, memorySizeMB: 1024 });
  log.stop();
  emit({ durationMs: 3, memorySizeMB: 1024 });

  assert.equal(log.available, true);
  assert.deepEqual(
    log.between(150, 250).map((r) => r.durationMs),
    [2],
  );
  assert.equal(log.between(0, 1000).length, 2, 'nothing after stop()');
  assert.equal(reportLog({}).available, false);
});
