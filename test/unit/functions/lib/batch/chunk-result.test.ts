import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chunkResult } from '../../../../../functions/lib/batch/chunk-result.ts';

const UPLOADS = { scoredKey: 's', scoredBytes: 10, errorsKey: 'e', errorsBytes: 2 };
const SPAN = {
  lines: 3,
  recordsFrom: 0,
  recordsTo: 12,
  segment: { quotesOdd: false, boundaryIfStartOutside: null, boundaryIfStartInside: null },
};

test('a chunk result takes only the result fields, in their order; shadow only when there is one', () => {
  const counts = { rowsIn: 3, rowsScored: 2, rowsRejected: 1, bytes: 10, recordsEnd: 12 };
  const result = chunkResult(4, counts, UPLOADS, SPAN);
  assert.deepEqual(Object.keys(result), [
    'index',
    'rowsIn',
    'rowsScored',
    'rowsRejected',
    'scoredKey',
    'scoredBytes',
    'errorsKey',
    'errorsBytes',
    'lines',
    'recordsFrom',
    'recordsTo',
    'segment',
  ]);
  assert.deepEqual(result, { index: 4, rowsIn: 3, rowsScored: 2, rowsRejected: 1, ...UPLOADS, ...SPAN });
  const shadow = { rows: 2, agreeing: 2 };
  assert.equal(chunkResult(4, { ...counts, shadow }, UPLOADS, SPAN).shadow, shadow);
});
