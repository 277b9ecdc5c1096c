import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseAssemblyMethod, MIN_PART_BYTES } from '../../../../../functions/lib/s3/assembly-method.ts';

const part = (bytes: number, i = 0) => ({ key: `p${i}`, bytes });

test('server-side copy when every part but the last is ≥ 5 MiB', () => {
  assert.equal(chooseAssemblyMethod([part(MIN_PART_BYTES), part(MIN_PART_BYTES + 1), part(10)]), 'copy');
  assert.equal(chooseAssemblyMethod([part(32 * MIN_PART_BYTES), part(1)]), 'copy');
});

test('stream when a non-last part is under 5 MiB, or for no parts', () => {
  assert.equal(chooseAssemblyMethod([part(MIN_PART_BYTES - 1), part(MIN_PART_BYTES)]), 'stream');
  assert.equal(chooseAssemblyMethod([]), 'stream');
});

test('one part is a single server-side CopyObject, whatever its size up to 5 GiB', () => {
  assert.equal(chooseAssemblyMethod([part(10)]), 'copy-object');
  assert.equal(chooseAssemblyMethod([part(MIN_PART_BYTES), part(0)]), 'copy-object');
  assert.equal(chooseAssemblyMethod([part(6 * 1024 ** 3)]), 'stream');
});

test('empty parts are ignored in the decision', () => {
  assert.equal(chooseAssemblyMethod([part(MIN_PART_BYTES), part(0), part(3)]), 'copy');
});

test('more than 10,000 parts cannot be one multipart upload', () => {
  assert.equal(chooseAssemblyMethod(Array.from({ length: 10_001 }, (_, i) => part(MIN_PART_BYTES, i))), 'stream');
});
