import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { parseHeaderRecord, skipBom } from '../../../../../../functions/lib/csv/record/header-record.ts';

const BOM = '\uFEFF';

test('quoted names, a BOM, doubled quotes', () => {
  assert.deepEqual(parseHeaderRecord(Buffer.from(`${BOM}"a,b",c,"say ""x"""`)), { ok: true, fields: ['a,b', 'c', 'say "x"'] });
});

test('a byte range of a larger buffer', () => {
  const data = Buffer.from(`x\n${BOM}a,"b"\ny`);

  assert.deepEqual(parseHeaderRecord(data, 2, data.length - 2), { ok: true, fields: ['a', 'b'] });
});

test('empty (or only a BOM) and malformed headers give reasons', () => {
  assert.deepEqual(parseHeaderRecord(Buffer.from('')), { ok: false, reason: 'no header row: the first record is empty' });
  assert.deepEqual(parseHeaderRecord(Buffer.from(BOM)), { ok: false, reason: 'no header row: the first record is empty' });
  assert.deepEqual(parseHeaderRecord(Buffer.from('"a,b')), {
    ok: false,
    reason: 'the header row is not valid CSV: quoted field is not closed',
  });
  assert.match(
    (parseHeaderRecord(Buffer.from('a"b,c')) as { reason: string }).reason,
    /^the header row is not valid CSV: quote inside an unquoted field/,
  );
});

test('skipBom skips one BOM at the start only', () => {
  const data = Buffer.from(`${BOM}${BOM}a`);

  assert.equal(skipBom(data, 0, data.length), 3);
  assert.equal(skipBom(data, 3, data.length), 6);
  assert.equal(skipBom(Buffer.from('ab'), 0, 2), 0);
});

test('agrees with csv-parse (strict, bom) on random header records', () => {
  const alphabet = ['a', 'B', ',', '"', '""', ' ', ';', '\t', 'é', BOM];
  let seed = 5;
  const random = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
  let compared = 0;
  for (let i = 0; i < 5000; i++) {
    let text = random(4) === 0 ? BOM : '';
    for (let k = random(10); k >= 0; k--) text += alphabet[random(alphabet.length)];
    let expected: string[] | 'error';
    try {
      const records = parse(text, { bom: true, record_delimiter: ['\n', '\r\n'], relax_column_count: true }) as string[][];
      expected = records.length === 1 ? records[0] : 'error';
    } catch {
      expected = 'error';
    }
    const actual = parseHeaderRecord(Buffer.from(text));
    assert.deepEqual(actual.ok ? actual.fields : 'error', expected, JSON.stringify(text));
    compared++;
  }
  assert.equal(compared, 5000);
});
