import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { parseQuotedRecord } from '../../../../../../functions/lib/csv/record/quoted-record.ts';

function fields(text: string) {
  const b = Buffer.from(text);
  return parseQuotedRecord(b, 0, b.length);
}

test('quoted fields with commas, doubled quotes and newlines', () => {
  assert.deepEqual(fields('1,"a, b","say ""hi""","x\ny"'), { ok: true, fields: ['1', 'a, b', 'say "hi"', 'x\ny'] });
  assert.deepEqual(fields('"",2,'), { ok: true, fields: ['', '2', ''] });
  assert.deepEqual(fields('"é, ü"'), { ok: true, fields: ['é, ü'] });
});

test('malformed quoting is reported, not repaired', () => {
  assert.deepEqual(fields('"open,1'), { ok: false, reason: 'quoted field is not closed' });
  assert.equal(fields('"a"b,1').ok, false);
  assert.equal(fields('ab"c,1').ok, false);
  assert.equal(fields('"a" ,1').ok, false);
  assert.equal(fields('a\rb,"c"').ok, false);
});

test('agrees with csv-parse (strict) on random records', () => {
  const alphabet = ['a', '1', ',', '"', '""', '\n', ' ', '-'];
  let seed = 3;
  const random = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
  let compared = 0;
  for (let i = 0; i < 5000; i++) {
    let text = '';
    for (let k = random(12); k >= 0; k--) text += alphabet[random(alphabet.length)];
    if (!text.includes('"') || hasUnquotedNewline(text)) continue; // the splitter would have ended the record there
    let expected: string[] | 'error';
    try {
      const records = parse(text, { record_delimiter: ['\n', '\r\n'], relax_column_count: true }) as string[][];
      if (records.length !== 1) continue;
      expected = records[0];
    } catch {
      expected = 'error';
    }
    const actual = fields(text);
    assert.deepEqual(actual.ok ? actual.fields : 'error', expected, JSON.stringify(text));
    compared++;
  }
  assert.ok(compared > 500, `compared ${compared}`);
});

function hasUnquotedNewline(text: string): boolean {
  let quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    else if (c === '\n' && !quoted) return true;
  }
  return false;
}

test('records wider than the first guess of 16 fields', () => {
  const cells = Array.from({ length: 20 }, (_, i) => `"${i}"`);
  assert.deepEqual(fields(cells.join(',')), { ok: true, fields: Array.from({ length: 20 }, (_, i) => String(i)) });
});
