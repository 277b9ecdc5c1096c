import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exceedsTolerance } from '../../../../local/stepfunctions/tolerance.ts';

test('no threshold set: the first failed item exceeds it', () => {
  assert.equal(exceedsTolerance(0, 10, {}), false);
  assert.equal(exceedsTolerance(1, 10, {}), true);
});

test('ToleratedFailureCount: more failed items than the count exceed it', () => {
  assert.equal(exceedsTolerance(2, 10, { count: 2 }), false);
  assert.equal(exceedsTolerance(3, 10, { count: 2 }), true);
});

test('ToleratedFailurePercentage: a larger share of all items exceeds it', () => {
  assert.equal(exceedsTolerance(1, 10, { percentage: 10 }), false);
  assert.equal(exceedsTolerance(2, 10, { percentage: 10 }), true);
  assert.equal(exceedsTolerance(10, 10, { percentage: 100 }), false);
});

test('both set: either one exceeded is enough', () => {
  assert.equal(exceedsTolerance(3, 100, { count: 2, percentage: 50 }), true);
  assert.equal(exceedsTolerance(3, 4, { count: 5, percentage: 50 }), true);
  assert.equal(exceedsTolerance(2, 4, { count: 5, percentage: 50 }), false);
});
