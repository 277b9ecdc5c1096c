import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { planChunks } from '../../../../../functions/lib/chunks/plan-chunks.ts';
import { shiftErrorRow } from '../../../../../functions/lib/batch/errors-file.ts';
import { chunkLineOffsets } from '../../../../../functions/lib/batch/aggregate-results.ts';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { scoreText } from '../csv/fake-model.ts';
import type { Scored } from '../csv/fake-model.ts';

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

for (const quotes of [true, false])
  test(`scoring chunk by chunk equals scoring the whole file (${quotes ? 'with quoted fields' : 'no quotes'})`, async () => {
    const file = Buffer.from(messyFile(400, quotes));
    const whole = await scoreText(file, { columns: COLUMNS });
    for (const targetBytes of [64, 500, 4096]) {
      const { chunks } = await planChunks(
        { size: file.length, targetBytes, minBytes: 1, maxChunks: 500, maxRecordBytes: 256 },
        { openRange: async (s, e) => Readable.from([file.subarray(s, e)]), readRange: async (s, e) => file.subarray(s, e) },
      );
      assert.ok(chunks.length > 1, `${chunks.length} chunks at ${targetBytes}`);
      const parts: Scored[] = [];
      for (const chunk of chunks) {
        parts.push(await scoreText(file.subarray(chunk.start, chunk.end), { columns: COLUMNS, chunkIndex: chunk.index, pieceBytes: 97 }));
      }
      const offsets = chunkLineOffsets(
        parts.map((p, index) => ({ ...p, index, scoredKey: '', scoredBytes: 0, errorsKey: '', errorsBytes: 0 })),
      );
      const errors = parts
        .map((p, i) => {
          const rows = parse(p.errors) as string[][];
          return rows.map((row) => stringify([shiftErrorRow(row, offsets[i])])).join('');
        })
        .join('');
      assert.equal(parts.map((p) => p.scored).join(''), whole.scored, `scored, target ${targetBytes}`);
      assert.equal(errors, whole.errors, `errors, target ${targetBytes}`);
      const sum = (key: 'rowsIn' | 'rowsScored' | 'rowsRejected' | 'lines') => parts.reduce((n, p) => n + p[key], 0);
      assert.deepEqual(
        [sum('rowsIn'), sum('rowsScored'), sum('rowsRejected'), sum('lines')],
        [whole.rowsIn, whole.rowsScored, whole.rowsRejected, whole.lines],
      );
    }
    assert.equal(whole.rowsIn, whole.rowsScored + whole.rowsRejected);
    const expectedRejected = Array.from({ length: 400 }, (_, i) => i % 9).filter((k) => k === 3 || k === 5).length;
    if (quotes) assert.equal(whole.rowsRejected, expectedRejected);
  });
