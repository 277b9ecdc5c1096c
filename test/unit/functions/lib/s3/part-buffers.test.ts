import { test } from 'node:test';
import assert from 'node:assert/strict';
import { givePartBuffer, keptPartBuffers, takePartBuffer } from '../../../../../functions/lib/s3/part-buffers.ts';

const drain = (bytes: number): void => {
  while (keptPartBuffers() > 0) takePartBuffer(bytes);
};

test('a buffer given back is the one taken next, for its size only', () => {
  const given = takePartBuffer(1024);
  givePartBuffer(given);
  const otherSize = takePartBuffer(2048);
  const sameSize = takePartBuffer(1024);
  assert.notEqual(otherSize, given);
  assert.equal(sameSize, given);
  assert.equal(keptPartBuffers(), 0);
});

test('a buffer given twice is kept once, so it is never handed to two uploaders', () => {
  const buffer = takePartBuffer(512);
  givePartBuffer(buffer);
  givePartBuffer(buffer);
  const first = takePartBuffer(512);
  const second = takePartBuffer(512);
  assert.equal(first, buffer);
  assert.notEqual(second, buffer);
});

test('at most four buffers are kept between invocations', () => {
  drain(256);
  for (let i = 0; i < 6; i++) givePartBuffer(Buffer.allocUnsafe(256));
  assert.equal(keptPartBuffers(), 4);
  drain(256);
});
