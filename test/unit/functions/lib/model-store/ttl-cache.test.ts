import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TtlCache } from '../../../../../functions/lib/model-store/ttl-cache.ts';

test('a key is loaded again only once its value is older than the TTL', async () => {
  let now = 0;
  const cache = new TtlCache<string>(30_000, () => now);
  const loads: string[] = [];
  const load = (value: string) => () => {
    loads.push(value);
    return Promise.resolve(value);
  };

  const first = await cache.get('wine@champion', load('1'));
  now = 29_999;
  const cached = await cache.get('wine@champion', load('2'));
  now = 30_000;
  const reloaded = await cache.get('wine@champion', load('2'));

  assert.deepEqual([first, cached, reloaded], ['1', '1', '2']);
  assert.deepEqual(loads, ['1', '2']);
});

test('concurrent readers share one load; a failed load is not kept', async () => {
  const cache = new TtlCache<string>(30_000, () => 0);
  let calls = 0;
  const failing = () => {
    calls++;
    return Promise.reject(new Error('no alias'));
  };

  const both = await Promise.allSettled([cache.get('k', failing), cache.get('k', failing)]);
  const retried = await cache.get('k', async () => {
    calls++;
    return 'ok';
  });

  assert.deepEqual(
    both.map((r) => r.status),
    ['rejected', 'rejected'],
  );
  assert.equal(retried, 'ok');
  assert.equal(calls, 2);
});
