import { test } from 'node:test';
import assert from 'node:assert/strict';
import { needsNeutralising, neutraliseCell } from '../../../../../functions/lib/csv/neutralise.ts';

test('formula-like cells get a leading quote', () => {
  for (const cell of ['=1+2', '+cmd', '-cmd', '@SUM(A1)', '\tx', '\rx', '-', '=']) {
    assert.equal(neutraliseCell(cell), `'${cell}`, JSON.stringify(cell));
  }
});

test('plain numbers and ordinary text are left alone', () => {
  for (const cell of ['-1.5', '+3', '-1e5', 'a=b', 'hello', '', '5', ' =x']) {
    assert.equal(needsNeutralising(cell), false, JSON.stringify(cell));
    assert.equal(neutraliseCell(cell), cell);
  }
});
