import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertInOrder } from '../../helpers/assert-in-order.ts';

test('passes when every expected item occurs in order, with others between', () => {
  assertInOrder(['a', 'x', 'b', 'y', 'c'], ['a', 'b', 'c']);
});

test('fails when an expected item is missing, wherever it would have been', () => {
  assert.throws(() => assertInOrder(['b', 'c'], ['a', 'b']), /"a" occurs nowhere/);
  assert.throws(() => assertInOrder(['a', 'b'], ['a', 'c']), /"c" occurs nowhere/);
});

test('fails when the items occur out of order', () => {
  assert.throws(() => assertInOrder(['b', 'a'], ['a', 'b']), /"b" occurs only before/);
});

test('an item expected twice must occur twice', () => {
  assert.throws(() => assertInOrder(['a', 'b'], ['a', 'a']), /"a" occurs only before/);
});
