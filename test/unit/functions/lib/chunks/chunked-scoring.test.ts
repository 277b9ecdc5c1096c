import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scoreChunked } from '../../../../property/chunking-property.ts';
import { scoreText } from '../csv/fake-model.ts';

/** A file with every kind of record: quoted newlines, CRLF, blank lines, bad rows, formulas. */
function messyFile(rows: number, quotes = true): string {
  const lines = ['id,sepal_length,sepal_width,petal_length,petal_width,note'];
  for (let i = 0; i < rows; i++) {
    const kind = i % 9;
    if (kind === 0) lines.push(`${i},5.1,3.5,1.4,0.2,"multi\nline ""quoted"", note"`);
    else if (kind === 1) lines.push(`${i},4.9,3,1.4,0.2,plain\r`);
    else if (kind === 2) lines.push('');
    else if (kind === 3) lines.push(`${i},bad,3,1.4,0.2,x`);
    else if (kind === 4) lines.push(`${i},-1.5,2,"3",4,=formula`);
    else if (kind === 5) lines.push(`${i},1,2,3`);
    else lines.push(`${i},${i / 7},${i % 5},0.5,1e-3,"a,b"`);
  }
  const text = `${lines.join('\n')}\n`;
  return quotes ? text : text.replaceAll('"', '').replaceAll('multi\n', 'multi ');
}

const COLUMNS = { by: 'name' as const, hasHeader: true, width: 6, featureColumns: [1, 2, 3, 4] };

const MAX_RECORD_BYTES = 256;

async function scoreWhole(file: Buffer) {
  const whole = await scoreText(file, { columns: COLUMNS, maxRecordBytes: MAX_RECORD_BYTES });
  return {
    scored: whole.scored,
    errors: whole.errors,
    rowsIn: whole.rowsIn,
    rowsScored: whole.rowsScored,
    rowsRejected: whole.rowsRejected,
  };
}

for (const quotes of [true, false])
  test(`scoring chunk by chunk equals scoring the whole file (${quotes ? 'with quoted fields' : 'no quotes'})`, async () => {
    const file = Buffer.from(messyFile(400, quotes));
    const whole = await scoreWhole(file);
    let rescored = 0;
    for (const targetBytes of [64, 500, 4096]) {
      const {
        chunks,
        rescored: again,
        ...chunked
      } = await scoreChunked(file, { targetBytes, minBytes: 1, maxChunks: 500 }, MAX_RECORD_BYTES, COLUMNS);

      assert.ok(chunks > 1, `${chunks} chunks at ${targetBytes}`);
      assert.deepEqual(chunked, whole, `target ${targetBytes}`);
      rescored += again;
    }
    const expectedRejected = Array.from({ length: 400 }, (_, i) => i % 9).filter((k) => k === 3 || k === 5).length;
    assert.equal(whole.rowsIn, whole.rowsScored + whole.rowsRejected);
    if (quotes) assert.equal(whole.rowsRejected, expectedRejected);
    if (quotes) assert.ok(rescored > 0, 'some chunk began inside a quoted field and was scored again');
    else assert.equal(rescored, 0, 'without quotes every speculated start is exact');
  });

test('records longer than a chunk reads past its range are rejected once, as in the whole file', async () => {
  const rows = messyFile(60).split('\n');
  rows.splice(20, 0, `20,1,2,3,4,"${'long\n'.repeat(400)}"`, `21,1,2,3,4,${'y'.repeat(3000)}`);
  const file = Buffer.from(rows.join('\n'));
  const whole = await scoreWhole(file);

  const { chunks, rescored, ...chunked } = await scoreChunked(
    file,
    { targetBytes: 300, minBytes: 1, maxChunks: 500 },
    MAX_RECORD_BYTES,
    COLUMNS,
  );

  assert.ok(chunks > 10, `${chunks} chunks`);
  assert.ok(rescored > 0, 'chunks inside the long quoted field were scored again');
  assert.deepEqual(chunked, whole);
  assert.match(whole.errors, /^\d+,"20,1,2,3,4,""long\nlong\n/m);
  assert.match(whole.errors, /^\d+,"21,1,2,3,4,yyyy/m);
});
