import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chunkSize, nominalRanges, planChunks } from '../../../../../functions/lib/chunks/plan-chunks.ts';
import { InvalidPlanOptionsError } from '../../../../../functions/lib/chunks/errors.ts';
import type { ByteRange, PlanOptions } from '../../../../../functions/lib/chunks/types.ts';
import { MAX_CHUNKS } from '../../../../../functions/plan.ts';

function options(size: number, more: Partial<PlanOptions> = {}): PlanOptions {
  return { size, targetBytes: 100, minBytes: 1, maxChunks: 1000, ...more };
}

/** The ranges are numbered 0…n-1 and tile [0, size): no byte skipped, none in two ranges, none empty. */
function checkTiling(ranges: ByteRange[], size: number): void {
  let expected = 0;
  ranges.forEach((r, i) => {
    assert.equal(r.index, i);
    assert.equal(r.start, expected, `chunk ${i} starts at ${r.start}`);
    assert.ok(r.end > r.start, `chunk ${i} is empty`);
    expected = r.end;
  });
  assert.equal(expected, size);
}

test('a 0-byte object has no chunks; one smaller than the target is one chunk', () => {
  const empty = planChunks(options(0));
  const small = planChunks(options(8));

  assert.deepEqual(empty, []);
  assert.deepEqual(small, [{ index: 0, start: 0, end: 8 }]);
});

test('ranges are cut every targetBytes, the last one taking the rest', () => {
  const ranges = planChunks(options(1050));

  checkTiling(ranges, 1050);
  assert.equal(ranges.length, 11);
  assert.deepEqual(
    ranges.slice(0, -1).map((r) => r.end - r.start),
    new Array(10).fill(100),
  );
  assert.deepEqual(ranges.at(-1), { index: 10, start: 1000, end: 1050 });
});

test('a size that is a multiple of the chunk size leaves no empty tail range', () => {
  const ranges = planChunks(options(300));

  assert.deepEqual(
    ranges.map((r) => [r.start, r.end]),
    [
      [0, 100],
      [100, 200],
      [200, 300],
    ],
  );
});

test('nominalRanges tiles any size at any chunk size', () => {
  for (const size of [1, 2, 7, 99, 100, 101, 1234]) {
    for (const chunkBytes of [1, 3, 50, 100, 5000]) {
      const ranges = nominalRanges(size, chunkBytes);

      checkTiling(ranges, size);
      assert.equal(ranges.length, Math.ceil(size / chunkBytes), `size ${size}, chunk ${chunkBytes}`);
      assert.ok(
        ranges.slice(0, -1).every((r) => r.end - r.start === chunkBytes),
        `size ${size}, chunk ${chunkBytes}`,
      );
    }
  }
});

test('maxChunks grows the chunk size', () => {
  const ranges = planChunks(options(20_000, { maxChunks: 3 }));

  checkTiling(ranges, 20_000);
  assert.equal(ranges.length, 3);
  assert.equal(chunkSize(options(20_000, { maxChunks: 3 })), Math.ceil(20_000 / 3));
});

test('minBytes is the least chunk size (all chunks but the last)', () => {
  const ranges = planChunks(options(1000, { targetBytes: 10, minBytes: 300 }));

  checkTiling(ranges, 1000);
  assert.deepEqual(
    ranges.map((r) => r.end - r.start),
    [300, 300, 300, 100],
  );
});

test('parallelism spreads a mid-sized object evenly over up to that many chunks, never under minBytes', () => {
  const MiB = 1024 * 1024;
  const sized = (size: number, parallelism: number) =>
    chunkSize({ size, targetBytes: 32 * MiB, minBytes: 5 * MiB, maxChunks: 500, parallelism });

  assert.equal(sized(16 * MiB, 2), 8 * MiB); // two halves, scored at once
  assert.equal(sized(16 * MiB, 8), Math.ceil((16 * MiB) / 3)); // three chunks: a fourth would be under 5 MiB
  assert.equal(sized(4 * MiB, 8), 5 * MiB); // too small to split
  assert.equal(sized(200 * MiB, 8), 25 * MiB); // under 8 × 32 MiB: eight even chunks
  assert.equal(sized(1024 * MiB, 8), 32 * MiB); // big files: the target size
  assert.equal(sized(16 * MiB, 1), 32 * MiB); // no parallelism: the target size
});

test('with parallelism the planned chunks are even and tile the object', () => {
  const ranges = planChunks(options(4321, { targetBytes: 10_000, minBytes: 100, parallelism: 4 }));

  checkTiling(ranges, 4321);
  assert.equal(ranges.length, 4);
  const sizes = ranges.map((r) => r.end - r.start);
  assert.ok(Math.max(...sizes) - Math.min(...sizes) < 4, `uneven chunks: ${sizes.join(', ')}`);
});

test('invalid options are refused with the option named', () => {
  assert.throws(() => planChunks(options(10, { targetBytes: 0 })), InvalidPlanOptionsError);
  assert.throws(() => planChunks(options(-1)), /size must be a non-negative integer/);
  assert.throws(() => planChunks(options(1.5)), /size/);
  assert.throws(() => planChunks(options(10, { minBytes: 2.5 })), /minBytes must be a positive integer/);
  assert.throws(() => planChunks(options(10, { maxChunks: 0 })), /maxChunks/);
  assert.throws(() => planChunks(options(10, { parallelism: -2 })), /parallelism/);
});

test('a file of 100,000 target-sized chunks (3.05 TiB at 32 MiB) is planned as MAX_CHUNKS chunks of 10× the target', () => {
  const targetBytes = 32 * 1024 * 1024;
  const size = 100_000 * targetBytes;
  const plan = options(size, { targetBytes, minBytes: 5 * 1024 * 1024, maxChunks: MAX_CHUNKS, parallelism: 8 });

  const ranges = planChunks(plan);

  assert.equal(MAX_CHUNKS, 10_000);
  assert.equal(ranges.length, MAX_CHUNKS);
  assert.equal(chunkSize(plan), 10 * targetBytes);
  checkTiling(ranges, size);
});
