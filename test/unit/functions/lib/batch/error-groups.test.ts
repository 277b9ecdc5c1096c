import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_GROUP_MAX_CHUNKS,
  DEFAULT_GROUP_TARGET_BYTES,
  chooseErrorsAssembly,
  errorChunksOf,
  planErrorGroups,
} from '../../../../../functions/lib/batch/error-groups.ts';
import type { ErrorChunk, ErrorGroup } from '../../../../../functions/lib/batch/error-groups.ts';
import { AccountingError } from '../../../../../functions/lib/batch/errors.ts';
import { chunkTempKeys } from '../../../../../functions/lib/jobs/output-keys.ts';
import type { ChunkResult } from '../../../../../functions/lib/jobs/types.ts';
import { MAX_PARTS, MIN_PART_BYTES } from '../../../../../functions/lib/s3/limits.ts';

const MiB = 1024 ** 2;

/** Chunks 0..n-1 whose error sizes are `sizes`; line offsets 100 lines apart. */
function chunks(sizes: readonly number[]): ErrorChunk[] {
  return sizes.map((errorsBytes, index) => ({ index, errorsKey: `_tmp/j/errors-${index}.csv`, errorsBytes, lineOffset: index * 100 }));
}

const memberIndexes = (groups: readonly ErrorGroup[]) => groups.map((g) => g.chunks.map((c) => c.index));

test('groups close once they reach the target, so every group but the last holds at least that many bytes', () => {
  // prepare: 3 MiB of errors per chunk, 8 MiB groups
  const input = chunks(Array.from({ length: 10 }, () => 3 * MiB));

  // act
  const groups = planErrorGroups(input, { targetBytes: 8 * MiB });

  // assert
  assert.deepEqual(memberIndexes(groups), [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]);
  assert.deepEqual(
    groups.map((g) => g.errorsBytes),
    [9 * MiB, 9 * MiB, 9 * MiB, 3 * MiB],
  );
  for (const group of groups.slice(0, -1)) assert.ok(group.errorsBytes >= MIN_PART_BYTES, `group ${group.index} reaches S3's part minimum`);
});

test('the last group may be under the part minimum; a chunk over the target is a group of its own', () => {
  const groups = planErrorGroups(chunks([20 * MiB, 6 * MiB, 1000]), { targetBytes: 6 * MiB });

  assert.deepEqual(memberIndexes(groups), [[0], [1], [2]]);
  assert.equal(groups.at(-1)!.errorsBytes, 1000);
});

test('chunks without error rows are left out; groups keep chunk order and their own indexes count from 0', () => {
  // prepare: every other chunk has no errors
  const input = chunks([4 * MiB, 0, 4 * MiB, 0, 0, 4 * MiB, 0, 4 * MiB, 0]);

  // act
  const groups = planErrorGroups(input, { targetBytes: 5 * MiB });

  // assert
  assert.deepEqual(memberIndexes(groups), [
    [0, 2],
    [5, 7],
  ]);
  assert.deepEqual(
    groups.map((g) => g.index),
    [0, 1],
  );
  assert.deepEqual(groups[1]!.chunks[1], { index: 7, errorsKey: '_tmp/j/errors-7.csv', errorsBytes: 4 * MiB, lineOffset: 700 });
});

test('only group 0 carries the header; with no error rows at all it is the only group, header alone', () => {
  const groups = planErrorGroups(chunks([6 * MiB, 6 * MiB, 6 * MiB]), { targetBytes: 5 * MiB });
  assert.deepEqual(
    groups.map((g) => g.header),
    [true, false, false],
  );

  assert.deepEqual(planErrorGroups(chunks([0, 0, 0])), [{ index: 0, header: true, chunks: [], errorsBytes: 0 }]);
  assert.deepEqual(planErrorGroups([]), [{ index: 0, header: true, chunks: [], errorsBytes: 0 }]);
});

test('a group closes at maxChunks chunks, even under the target: a group travels in one task payload', () => {
  const groups = planErrorGroups(chunks([10, 10, 10, 10, 10]), { maxChunks: 2 });

  assert.deepEqual(memberIndexes(groups), [[0, 1], [2, 3], [4]]);
});

test('a group of the default chunk limit fits a Step Functions state input (256 KiB), keys and offsets at their longest', () => {
  const jobId = '0123456789abcdef01234567';
  const input = Array.from({ length: DEFAULT_GROUP_MAX_CHUNKS * 2 }, (_, i) => ({
    index: 90_000 + i,
    errorsKey: chunkTempKeys(jobId, 90_000 + i).errorsKey,
    errorsBytes: 67_000, // the most that still lets the chunk limit close the group (1,000 × 67,000 < 64 MiB)
    lineOffset: 9_999_999_999 + i,
  }));

  const [group] = planErrorGroups(input);

  assert.equal(group!.chunks.length, DEFAULT_GROUP_MAX_CHUNKS);
  const payload = JSON.stringify({ task: 'renumber-errors', job: { jobId, key: 'k'.repeat(1024) }, group });
  assert.ok(Buffer.byteLength(payload) < 256 * 1024, `${Buffer.byteLength(payload)} bytes`);
});

test('more groups than a multipart upload has parts: the groups grow until there are at most 10,000', () => {
  // prepare: one part-minimum chunk each would make 25,000 groups
  const bySize = chunks(Array.from({ length: 25_000 }, () => MIN_PART_BYTES));
  // and 1-byte chunks one per group would make 30,000
  const byCount = chunks(Array.from({ length: 30_000 }, () => 1));

  // act
  const sized = planErrorGroups(bySize, { targetBytes: MIN_PART_BYTES });
  const counted = planErrorGroups(byCount, { maxChunks: 1 });

  // assert
  for (const groups of [sized, counted]) {
    assert.ok(groups.length <= MAX_PARTS, `${groups.length} groups`);
    assert.ok(groups.length > MAX_PARTS / 4, `grown only as needed: ${groups.length} groups`);
  }
  assert.deepEqual(
    memberIndexes(sized).flat(),
    bySize.map((c) => c.index),
  );
  assert.deepEqual(
    memberIndexes(counted).flat(),
    byCount.map((c) => c.index),
  );
  for (const group of sized.slice(0, -1)) assert.ok(group.errorsBytes >= MIN_PART_BYTES);
});

test('chunks out of order or repeated are refused: a group must be a consecutive run of the file', () => {
  const [a, b, c] = chunks([1, 1, 1]);

  assert.throws(() => planErrorGroups([a!, c!, b!]), AccountingError);
  assert.throws(() => planErrorGroups([a!, b!, b!]), /chunk 1 after chunk 1/);
});

test('a target under the part minimum or a non-positive chunk limit is refused', () => {
  assert.throws(() => planErrorGroups(chunks([1]), { targetBytes: MIN_PART_BYTES - 1 }), RangeError);
  assert.throws(() => planErrorGroups(chunks([1]), { maxChunks: 0 }), RangeError);
});

test('errors are streamed by Finalize when they fit one group, and grouped when one group cannot hold them', () => {
  const fits = chunks([DEFAULT_GROUP_TARGET_BYTES / 2, 0, DEFAULT_GROUP_TARGET_BYTES / 2 - 1]);
  const tooBig = chunks([DEFAULT_GROUP_TARGET_BYTES / 2, DEFAULT_GROUP_TARGET_BYTES / 2, 1]);
  const tooMany = chunks(Array.from({ length: DEFAULT_GROUP_MAX_CHUNKS + 1 }, () => 100));

  assert.deepEqual(chooseErrorsAssembly(fits), { kind: 'stream' });
  assert.deepEqual(chooseErrorsAssembly(chunks([])), { kind: 'stream' });
  const big = chooseErrorsAssembly(tooBig);
  assert.equal(big.kind === 'groups' && big.groups.length, 2);
  const many = chooseErrorsAssembly(tooMany);
  assert.equal(many.kind === 'groups' && many.groups.length, 2);
});

test('error chunks carry each chunk result line offset: the lines of the chunks before it', () => {
  const result = (index: number, lines: number, errorsBytes: number): ChunkResult => ({
    index,
    lines,
    recordsFrom: index * 10,
    recordsTo: index * 10 + 10,
    segment: { quotesOdd: false, boundaryIfStartOutside: null, boundaryIfStartInside: null },
    rowsIn: 1,
    rowsScored: 1,
    rowsRejected: 0,
    scoredKey: `s${index}`,
    scoredBytes: 10,
    errorsKey: `e${index}`,
    errorsBytes,
  });

  assert.deepEqual(errorChunksOf([result(0, 5, 3), result(1, 7, 0), result(2, 2, 9)]), [
    { index: 0, errorsKey: 'e0', errorsBytes: 3, lineOffset: 0 },
    { index: 1, errorsKey: 'e1', errorsBytes: 0, lineOffset: 5 },
    { index: 2, errorsKey: 'e2', errorsBytes: 9, lineOffset: 12 },
  ]);
});
