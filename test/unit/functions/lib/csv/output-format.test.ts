import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { neutraliseCell } from '../../../../../functions/lib/csv/neutralise.ts';
import {
  classPrefixes,
  csvLine,
  formatProbability,
  outputHeaderSuffix,
  writeProbability,
} from '../../../../../functions/lib/csv/output-format.ts';

function written(p: number): string {
  const out = Buffer.alloc(64);
  return out.toString('latin1', 0, writeProbability(out, 0, p));
}

test('probabilities: 6 decimals, shortest form, same bytes as the reference formatter', () => {
  assert.equal(written(0), ',0');
  assert.equal(written(1), ',1');
  assert.equal(written(0.25), ',0.25');
  assert.equal(written(0.1234567), ',0.123457');
  assert.equal(written(0.0000004), ',0');
  assert.equal(written(0.9999996), ',1');
  assert.equal(written(0.000001), ',0.000001');
  for (let i = 0; i < 20000; i++) {
    const p = Math.fround(Math.random() ** 3);
    assert.equal(written(p), `,${formatProbability(p)}`, String(p));
  }
});

test('values outside [0, 1] still print (generic path)', () => {
  assert.equal(written(-0.5), ',-0.5');
  assert.equal(written(12.3456789), ',12.345679');
  assert.equal(written(NaN), ',NaN');
});

test('header suffix and class prefixes are quoted and neutralised like any cell', () => {
  assert.equal(outputHeaderSuffix(['a', 'b,c']), ',prediction,label,probability_a,"probability_b,c"');
  assert.deepEqual(classPrefixes(['x', '=y', 'q"z']).map(String), [',0,x', ",1,'=y", ',2,"q""z"']);
  assert.equal(csvLine(['1', 'a\nb', '-2', '-x']), `1,"a\nb",-2,'-x`);
});

test('csvLine: csv-parse reads back every cell (neutralised) from random cells with quotes, commas, CR and LF', () => {
  const alphabet = ['a', ' ', ',', '"', '\n', '\r', '\t', '=', '-', '1', 'é', '', '#', "'", '\0'];
  let seed = 7;
  const pick = (): string => alphabet[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % alphabet.length]!;
  for (let n = 0; n < 5000; n++) {
    const cells = Array.from({ length: 1 + (n % 4) }, () => Array.from({ length: n % 7 }, pick).join(''));
    const [parsed] = parse(`${csvLine(cells)}\n`, { relax_column_count: true, record_delimiter: '\n' });
    assert.deepEqual(parsed, cells.map(neutraliseCell), JSON.stringify(cells));
  }
});

test('csvLine quotes a bare CR, so a reader that ends lines at CR keeps the cell whole', () => {
  assert.equal(csvLine(['a\rb', 'c']), '"a\rb",c');
});
