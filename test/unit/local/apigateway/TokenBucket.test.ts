import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenBucket } from '../../../../local/apigateway/index.ts';

test('a full bucket allows a burst, then refills at the rate', () => {
  let now = 0;
  const bucket = new TokenBucket(10, 3, () => now);
  assert.deepEqual([bucket.take(), bucket.take(), bucket.take(), bucket.take()], [true, true, true, false]);
  now = 100; // 0.1 s at 10/s = 1 token
  assert.equal(bucket.take(), true);
  assert.equal(bucket.take(), false);
  now = 10_000; // refill caps at the burst
  assert.deepEqual([bucket.take(), bucket.take(), bucket.take(), bucket.take()], [true, true, true, false]);
});
