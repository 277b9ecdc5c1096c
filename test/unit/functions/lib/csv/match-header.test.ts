import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchHeader } from '../../../../../functions/lib/csv/match-header.ts';
import { parseHeaderRecord } from '../../../../../functions/lib/csv/record/header-record.ts';

const FEATURES = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];

function reasonOf(fields: string[]): string {
  const match = matchHeader(fields, FEATURES);
  assert.equal(match.ok, false);
  return match.ok ? '' : match.reason;
}

test('by name, in model order', () => {
  assert.deepEqual(matchHeader(FEATURES, FEATURES), {
    ok: true,
    columns: { by: 'name', hasHeader: true, width: 4, featureColumns: [0, 1, 2, 3] },
  });
});

test('by name: shuffled, case and spaces ignored, extra columns kept in the width', () => {
  const match = matchHeader(['id', ' Petal_Width ', 'SEPAL_LENGTH', 'note', 'petal_length', 'sepal_width'], FEATURES);
  assert.deepEqual(match, { ok: true, columns: { by: 'name', hasHeader: true, width: 6, featureColumns: [2, 5, 4, 1] } });
});

test('a UTF-8 BOM before the first name is ignored', () => {
  const match = matchHeader(['\uFEFFsepal_length', 'sepal_width', 'petal_length', 'petal_width'], FEATURES);
  assert.equal(match.ok && match.columns.by, 'name');
});

test('by position when the header names no feature and has the feature count', () => {
  assert.deepEqual(matchHeader(['a', 'b', 'c', 'd'], FEATURES), {
    ok: true,
    columns: { by: 'position', hasHeader: true, width: 4, featureColumns: [0, 1, 2, 3] },
  });
});

test('no header: a numeric first row of feature-count fields is data', () => {
  assert.deepEqual(matchHeader(['5.1', '3.5', '1.4', '0.2'], FEATURES), {
    ok: true,
    columns: { by: 'position', hasHeader: false, width: 4, featureColumns: [0, 1, 2, 3] },
  });
  assert.equal((matchHeader(['5.1', '3.5', 'NaN', '0.2'], FEATURES) as { columns: { hasHeader: boolean } }).columns.hasHeader, false);
});

test('duplicate header names are refused', () => {
  assert.match(
    reasonOf(['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'Sepal_Length']),
    /duplicate header names: "sepal_length"/,
  );
});

test('a missing feature column is named', () => {
  assert.equal(
    reasonOf(['sepal_length', 'sepal_width', 'petal_length', 'x']),
    'missing feature column "petal_width" (header: "sepal_length", "sepal_width", "petal_length", "x")',
  );
});

test('semicolon- and tab-delimited headers are refused with the delimiter named', () => {
  assert.match(reasonOf(['sepal_length;sepal_width;petal_length;petal_width']), /semicolon-delimited; only comma-separated/);
  assert.match(reasonOf(['sepal_length\tsepal_width\tpetal_length\tpetal_width']), /tab-delimited/);
});

test('no feature named and the wrong column count', () => {
  assert.match(reasonOf(['a', 'b', 'c']), /names none of the model's features .* has 3 columns, not 4/);
  assert.match(reasonOf(['1', '2', '3', '4', '5']), /has 5 columns, not 4/);
});

test('parseHeaderRecord: quoted names, BOM and CRLF-free bytes', () => {
  assert.deepEqual(parseHeaderRecord(Buffer.from('\uFEFF"a,b",c')), { ok: true, fields: ['a,b', 'c'] });
});

test('parseHeaderRecord: malformed quoting and empty headers give reasons', () => {
  const bad = parseHeaderRecord(Buffer.from('"a,b'));
  assert.equal(bad.ok, false);
  assert.match(bad.ok ? '' : bad.reason, /header row is not valid CSV: quote(d field is)? not closed/i);
  assert.equal(parseHeaderRecord(Buffer.from('')).ok, false);
});
