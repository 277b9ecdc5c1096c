import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LruCache } from '../../../../../functions/lib/model-store/lru.ts';

test('past its size the least recently used entry is evicted and handed over', () => {
  const evicted: string[] = [];
  const cache = new LruCache<number>(2, (key) => evicted.push(key));

  cache.set('a', 1);
  cache.set('b', 2);
  cache.get('a');
  cache.set('c', 3);

  assert.deepEqual(evicted, ['b']);
  assert.deepEqual(cache.keys(), ['a', 'c']);
  assert.equal(cache.get('b'), undefined);
});

test('delete drops an entry without evicting it', () => {
  const evicted: string[] = [];
  const cache = new LruCache<number>(1, (key) => evicted.push(key));

  cache.set('a', 1);
  cache.delete('a');
  cache.set('b', 2);

  assert.deepEqual(evicted, []);
  assert.throws(() => new LruCache(0, () => undefined), RangeError);
});
