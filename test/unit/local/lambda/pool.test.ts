import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pickIdle, pickReclaimable, reclaimInterval, type PoolEntry } from '../../../../local/lambda/pool.ts';

const entries: PoolEntry[] = [
  { id: 'a', state: 'idle', lastUsedAt: 100 },
  { id: 'b', state: 'idle', lastUsedAt: 300 },
  { id: 'c', state: 'busy', lastUsedAt: 400 },
  { id: 'd', state: 'starting', lastUsedAt: 500 },
  { id: 'e', state: 'dead', lastUsedAt: 600 },
];

test('the most recently used idle instance serves next', () => {
  assert.equal(pickIdle(entries)?.id, 'b');
});

test('no idle instance → undefined (the runtime starts one or queues)', () => {
  assert.equal(pickIdle(entries.filter((e) => e.state !== 'idle')), undefined);
});

test('only idle instances past the idle timeout are reclaimed', () => {
  assert.deepEqual(
    pickReclaimable(entries, 350, 200).map((e) => e.id),
    ['a'],
  );
  assert.deepEqual(
    pickReclaimable(entries, 1000, 200).map((e) => e.id),
    ['a', 'b'],
  );
  assert.deepEqual(pickReclaimable(entries, 150, 200), []);
});

test('reclaim checks are frequent for tiny timeouts and at most once a second', () => {
  assert.equal(reclaimInterval(20), 10);
  assert.equal(reclaimInterval(200), 50);
  assert.equal(reclaimInterval(60_000), 1000);
});
