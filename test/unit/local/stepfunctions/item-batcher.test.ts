import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batchItems } from '../../../../local/stepfunctions/item-batcher.ts';

test('without ItemBatcher every item is one child input', () => {
  assert.deepEqual(batchItems(['a', 'b'], undefined), [
    { input: 'a', itemIndexes: [0] },
    { input: 'b', itemIndexes: [1] },
  ]);
});

test('MaxItemsPerBatch groups consecutive items; BatchInput goes in every batch', () => {
  // act
  const batches = batchItems([1, 2, 3, 4, 5], { maxItems: 2, batchInput: { job: 'j' } });
  // assert
  assert.deepEqual(
    batches.map((b) => b.input),
    [
      { BatchInput: { job: 'j' }, Items: [1, 2] },
      { BatchInput: { job: 'j' }, Items: [3, 4] },
      { BatchInput: { job: 'j' }, Items: [5] },
    ],
  );
  assert.deepEqual(
    batches.map((b) => b.itemIndexes),
    [[0, 1], [2, 3], [4]],
  );
});

test('MaxInputBytesPerBatch closes a batch before its JSON would be larger; an oversized item still gets its own', () => {
  // prepare
  const items = ['x'.repeat(10), 'y'.repeat(10), 'z'.repeat(40)];
  // act
  const batches = batchItems(items, { maxBytes: 40 });
  // assert
  assert.deepEqual(
    batches.map((b) => b.itemIndexes),
    [[0, 1], [2]],
  );
  assert.ok(Buffer.byteLength(JSON.stringify(batches[0].input)) <= 40);
});
