import { test } from 'node:test';
import assert from 'node:assert/strict';
import { afterIdleGaps, closedLoop, timed, type Clock } from '../../../bench/lib/load-generator.ts';

/** A virtual clock: sleep and each request advance time instantly, so the loops are tested without waiting. */
function virtualClock(): Clock & { advance(ms: number): void } {
  let now = 1_000_000;
  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    sleep: async (ms) => {
      now += ms;
    },
  };
}

test('closedLoop keeps `concurrency` requests going until the duration ends', async () => {
  // prepare: every request takes 10 virtual ms and every 5th fails
  const clock = virtualClock();
  let n = 0;
  const send = async () => {
    clock.advance(10);
    return ++n % 5 !== 0;
  };
  // act
  const { samples, elapsedS } = await closedLoop(send, { concurrency: 2, durationMs: 100 }, clock);
  // assert
  assert.ok(samples.length >= 5 && samples.length <= 12, String(samples.length));
  assert.ok(samples.every((s) => s.ms >= 10)); // the clients share the virtual clock, so one may see the other's 10 ms too
  assert.equal(samples.filter((s) => !s.ok).length, Math.floor(samples.length / 5));
  assert.ok(elapsedS >= 0.1);
});

test('closedLoop stops at maxRequests and ramps clients in', async () => {
  // prepare
  const clock = virtualClock();
  const send = async () => {
    clock.advance(1);
    return true;
  };
  // act
  const { samples } = await closedLoop(send, { concurrency: 3, durationMs: 10_000, maxRequests: 7, rampMs: 30 }, clock);
  // assert
  assert.equal(samples.length, 7);
});

test('a Send that throws yields a failed sample', async () => {
  const sample = await timed(async () => {
    throw new Error('socket hang up');
  }, virtualClock());
  assert.equal(sample.ok, false);
});

test('afterIdleGaps sends one request at each minute offset and reports the gap before it', async () => {
  // prepare
  const clock = virtualClock();
  const origin = clock.now();
  const send = async () => {
    clock.advance(50);
    return true;
  };
  // act
  const samples = await afterIdleGaps(send, [0, 6, 16], clock);
  // assert
  assert.deepEqual(
    samples.map((s) => s.startMs - origin),
    [0, 6 * 60_000, 16 * 60_000],
  );
  assert.deepEqual(
    samples.map((s) => s.idleMinutes),
    [0, 6, 10],
  );
});
