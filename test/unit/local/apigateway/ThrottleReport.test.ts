import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { ThrottleReport } from '../../../../local/apigateway/index.ts';

test('throttled requests are reported as one summary line per second, not one line per request', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const lines: string[] = [];
    const report = new ThrottleReport((line) => lines.push(line), 'stage throttle 1 req/s, burst 1');

    for (let i = 0; i < 250; i++) report.count();
    mock.timers.tick(999);
    const beforeTheSecond = [...lines];
    mock.timers.tick(1);
    report.count();
    mock.timers.tick(1000);
    mock.timers.tick(5000);

    assert.deepEqual(beforeTheSecond, []);
    assert.deepEqual(lines, [
      '[api] throttled 250 requests (429) in the last 1 s: stage throttle 1 req/s, burst 1',
      '[api] throttled 1 request (429) in the last 1 s: stage throttle 1 req/s, burst 1',
    ]);
  } finally {
    mock.timers.reset();
  }
});

test('flush writes what is pending at once (the server stopping), and nothing when nothing was throttled', () => {
  const lines: string[] = [];
  const report = new ThrottleReport((line) => lines.push(line), 'limit');

  report.flush();
  report.count();
  report.count();
  report.flush();

  assert.deepEqual(lines, ['[api] throttled 2 requests (429) in the last 1 s: limit']);
});
