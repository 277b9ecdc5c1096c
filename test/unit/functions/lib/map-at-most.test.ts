import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import { mapAtMost } from '../../../../functions/lib/map-at-most.ts';

test('results in item order, never more than the limit running', async () => {
  // prepare
  let running = 0;
  let most = 0;
  const task = async (n: number) => {
    running++;
    most = Math.max(most, running);
    for (let i = 0; i < 10 - n; i++) await tick();
    running--;
    return n * 10;
  };

  // act
  const results = await mapAtMost(3, [0, 1, 2, 3, 4, 5, 6, 7], task);

  // assert
  assert.deepEqual(results, [0, 10, 20, 30, 40, 50, 60, 70]);
  assert.equal(most, 3);
});

test('after a failure no task starts, and it is thrown once the running tasks have settled', async () => {
  // prepare
  const started: number[] = [];
  let slowSettled = false;
  const task = async (n: number) => {
    started.push(n);
    if (n === 1) throw new Error('part 2 failed');
    for (let i = 0; i < 20; i++) await tick();
    slowSettled = true;
    return n;
  };

  // act
  const outcome = await mapAtMost(2, [0, 1, 2, 3, 4], task).catch((error: Error) => error);

  // assert
  assert.equal((outcome as Error).message, 'part 2 failed');
  assert.deepEqual(started, [0, 1], 'nothing started after the failure');
  assert.ok(slowSettled, 'the task running beside the failure had settled before the failure was thrown');
});
