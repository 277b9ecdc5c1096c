import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_CARRIED_NAME_CHARS, matchHeader } from '../../../../../functions/lib/csv/match-header.ts';
import { parseHeaderRecord } from '../../../../../functions/lib/csv/record/header-record.ts';
import type { ColumnPair } from '../../../../../functions/lib/csv/columns-metadata.ts';
import type { ColumnMapping } from '../../../../../functions/lib/csv/types.ts';

const FEATURES = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];

function reasonOf(fields: string[], features = FEATURES, pairs: ColumnPair[] = []): string {
  const match = matchHeader(fields, features, pairs);
  assert.equal(match.ok, false);
  return match.ok ? '' : match.reason;
}

/** A header line as a file holds it (quotes, BOM), through the one header parser, then matched. */
function columnsOfLine(line: string, pairs: ColumnPair[] = []): ColumnMapping {
  const parsed = parseHeaderRecord(Buffer.from(line));
  assert.ok(parsed.ok, line);
  const match = matchHeader(parsed.fields, FEATURES, pairs);
  assert.ok(match.ok, match.ok ? '' : match.reason);
  return match.columns;
}

test('by name, in model order: every match exact', () => {
  assert.deepEqual(matchHeader(FEATURES, FEATURES), {
    ok: true,
    columns: {
      by: 'name',
      hasHeader: true,
      width: 4,
      featureColumns: [0, 1, 2, 3],
      matchedBy: ['exact', 'exact', 'exact', 'exact'],
      columnNames: FEATURES,
    },
  });
});

test('by name: shuffled, case and spaces ignored (normalised), extra columns kept in the width', () => {
  const match = matchHeader(['id', ' Petal_Width ', 'SEPAL_LENGTH', 'note', 'petal_length', 'sepal_width'], FEATURES);
  assert.deepEqual(match, {
    ok: true,
    columns: {
      by: 'name',
      hasHeader: true,
      width: 6,
      featureColumns: [2, 5, 4, 1],
      matchedBy: ['normalised', 'exact', 'exact', 'normalised'],
      columnNames: ['SEPAL_LENGTH', 'sepal_width', 'petal_length', ' Petal_Width '],
    },
  });
});

test("R's iris.csv (write.csv, row.names = FALSE): dotted names matched, Species passes through", () => {
  const columns = columnsOfLine('"Sepal.Length","Sepal.Width","Petal.Length","Petal.Width","Species"');

  assert.deepEqual(columns.featureColumns, [0, 1, 2, 3]);
  assert.equal(columns.width, 5);
  assert.deepEqual(columns.matchedBy, ['normalised', 'normalised', 'normalised', 'normalised']);
  assert.deepEqual(columns.columnNames, ['Sepal.Length', 'Sepal.Width', 'Petal.Length', 'Petal.Width']);
});

test("R's write.csv default: the empty row-names header cell passes through", () => {
  const columns = columnsOfLine('"","Sepal.Length","Sepal.Width","Petal.Length","Petal.Width","Species"');

  assert.deepEqual(columns.featureColumns, [1, 2, 3, 4]);
  assert.equal(columns.width, 6);
});

test("scikit-learn's load_iris().feature_names as spelled, units in parentheses", () => {
  const columns = columnsOfLine('sepal length (cm),sepal width (cm),petal length (cm),petal width (cm),target');

  assert.deepEqual(columns.featureColumns, [0, 1, 2, 3]);
  assert.deepEqual(columns.columnNames, ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)']);
  assert.ok(columns.matchedBy?.every((m) => m === 'normalised'));
});

test('pandas to_csv with its index: an empty first header cell, or "Unnamed: 0" after a round trip', () => {
  const names = 'sepal length (cm),sepal width (cm),petal length (cm),petal width (cm),target';

  assert.deepEqual(columnsOfLine(`,${names}`).featureColumns, [1, 2, 3, 4]);
  assert.deepEqual(columnsOfLine(`Unnamed: 0,${names}`).featureColumns, [1, 2, 3, 4]);
});

test('a BOM and quoted names (a spreadsheet export) are matched like plain ones', () => {
  const columns = columnsOfLine('\uFEFF"Sepal Length","Sepal Width","Petal Length","Petal Width","Name, Latin"');

  assert.deepEqual(columns.featureColumns, [0, 1, 2, 3]);
  assert.equal(columns.width, 5);
});

test('separators are one, runs collapse, ends trim; a unit in brackets goes too', () => {
  const columns = columnsOfLine('Petal-Width [mm],  sepal__length ,sepal . width,_petal_length_');

  assert.deepEqual(columns.featureColumns, [1, 2, 3, 0]);
});

test('an exact name wins over a normalised one beside it, which passes through', () => {
  const match = matchHeader(['Sepal.Length', 'sepal_length', 'sepal_width', 'petal_length', 'petal_width'], FEATURES);

  assert.ok(match.ok);
  assert.equal(match.columns.featureColumns[0], 1);
  assert.equal(match.columns.matchedBy?.[0], 'exact');
  assert.equal(match.columns.width, 5);
});

test('a name differing in case only wins over a more loosely normalised one, as headers always read', () => {
  const match = matchHeader(['Sepal.Length', 'SEPAL_LENGTH', 'sepal_width', 'petal_length', 'petal_width'], FEATURES);

  assert.ok(match.ok);
  assert.equal(match.columns.featureColumns[0], 1);
});

test('ambiguous: two columns normalise to one feature; the reason names both, the feature and the fixes', () => {
  const reason = reasonOf(['Sepal.Length', 'sepal length (cm)', 'sepal_width', 'petal_length', 'petal_width']);

  assert.equal(
    reason,
    'ambiguous header: columns "Sepal.Length" (column 1) and "sepal length (cm)" (column 2) both match feature "sepal_length"; ' +
      "rename all but one, or name its column in the upload's metadata: x-amz-meta-columns: sepal_length=Sepal.Length",
  );
});

test('ambiguous: many look-alike columns are listed up to ten', () => {
  const lookAlikes = Array.from({ length: 12 }, (_, i) => `sepal${'.'.repeat(i + 1)}length`);

  const reason = reasonOf([...lookAlikes, 'sepal_width', 'petal_length', 'petal_width']);

  assert.match(
    reason,
    /^ambiguous header: columns "sepal\.length" \(column 1\) and .* and "sepal\.{10}length" \(column 10\) … \(12 in all\) all match feature "sepal_length"/,
  );
});

test('ambiguous: one column fits two features', () => {
  const reason = reasonOf(['length', 'width'], ['length (cm)', 'length (mm)']);

  assert.equal(
    reason,
    'ambiguous header: column "length" (column 1) matches features "length (cm)", "length (mm)"; rename it to the feature it holds, ' +
      "or map it in the upload's metadata: x-amz-meta-columns: length (cm)=length",
  );
});

test('the explicit pairs settle an ambiguity; the other features are still matched by name', () => {
  const fields = ['Sepal.Length', 'sepal length (cm)', 'sepal_width', 'petal_length', 'petal_width'];

  const match = matchHeader(fields, FEATURES, [{ feature: 'sepal_length', column: 'sepal length (cm)' }]);

  assert.ok(match.ok);
  assert.deepEqual(match.columns.featureColumns, [1, 2, 3, 4]);
  assert.deepEqual(match.columns.matchedBy, ['metadata', 'exact', 'exact', 'exact']);
});

test('the explicit pairs win over an exact name, which then passes through', () => {
  const fields = ['sepal_length', 'sepal_length_v2', 'sepal_width', 'petal_length', 'petal_width'];

  const match = matchHeader(fields, FEATURES, [{ feature: 'sepal_length', column: 'sepal_length_v2' }]);

  assert.ok(match.ok);
  assert.equal(match.columns.featureColumns[0], 1);
  assert.equal(match.columns.matchedBy?.[0], 'metadata');
});

test('names that match nothing are mapped by the pairs alone', () => {
  const pairs = FEATURES.map((feature, f) => ({ feature, column: ['SL', 'SW', 'PL', 'PW'][f] }));

  const columns = columnsOfLine('id,PW,PL,SW,SL', pairs);

  assert.deepEqual(columns, {
    by: 'name',
    hasHeader: true,
    width: 5,
    featureColumns: [4, 3, 2, 1],
    matchedBy: ['metadata', 'metadata', 'metadata', 'metadata'],
    columnNames: ['SL', 'SW', 'PL', 'PW'],
  });
});

test('pairs naming an unknown feature or column, or one twice, are refused with the metadata named', () => {
  const fields = ['SL', 'SW', 'PL', 'PW'];

  assert.match(
    reasonOf(fields, FEATURES, [{ feature: 'sepal_len', column: 'SL' }]),
    /^x-amz-meta-columns: unknown feature "sepal_len"; the model's features are "sepal_length"/,
  );
  assert.match(
    reasonOf(fields, FEATURES, [{ feature: 'sepal_length', column: 'XX' }]),
    /^x-amz-meta-columns: no column "XX" in the header \("SL", "SW", "PL", "PW"\)/,
  );
  assert.match(
    reasonOf(fields, FEATURES, [
      { feature: 'sepal_length', column: 'SL' },
      { feature: 'sepal_length', column: 'SW' },
    ]),
    /feature "sepal_length" is mapped twice/,
  );
  assert.match(
    reasonOf(fields, FEATURES, [
      { feature: 'sepal_length', column: 'SL' },
      { feature: 'sepal_width', column: 'SL' },
    ]),
    /column "SL" is mapped to both "sepal_length" and "sepal_width"/,
  );
});

test('with pairs, features left unmatched are missing (never guessed by position)', () => {
  assert.match(
    reasonOf(['SL', 'SW', 'PL', 'PW'], FEATURES, [{ feature: 'sepal_length', column: 'SL' }]),
    /^missing feature columns "sepal_width", "petal_length", "petal_width"/,
  );
});

test('by position when the header names no feature and has the feature count', () => {
  assert.deepEqual(matchHeader(['a', 'b', 'c', 'd'], FEATURES), {
    ok: true,
    columns: {
      by: 'position',
      hasHeader: true,
      width: 4,
      featureColumns: [0, 1, 2, 3],
      matchedBy: ['position', 'position', 'position', 'position'],
      columnNames: ['a', 'b', 'c', 'd'],
    },
  });
});

test('no header: a numeric first row of feature-count fields is data (no column names)', () => {
  assert.deepEqual(matchHeader(['5.1', '3.5', '1.4', '0.2'], FEATURES), {
    ok: true,
    columns: {
      by: 'position',
      hasHeader: false,
      width: 4,
      featureColumns: [0, 1, 2, 3],
      matchedBy: ['position', 'position', 'position', 'position'],
    },
  });
  assert.equal((matchHeader(['5.1', '3.5', 'NaN', '0.2'], FEATURES) as { columns: { hasHeader: boolean } }).columns.hasHeader, false);
});

test('column names beyond MAX_CARRIED_NAME_CHARS in all are not carried', () => {
  const long = `sepal_length (${'x'.repeat(MAX_CARRIED_NAME_CHARS)})`;

  const match = matchHeader([long, 'sepal_width', 'petal_length', 'petal_width'], FEATURES);

  assert.ok(match.ok);
  assert.deepEqual(match.columns.featureColumns, [0, 1, 2, 3]);
  assert.equal(match.columns.columnNames, undefined);
  assert.equal(match.columns.matchedBy?.length, 4);
});

test('duplicate header names are refused', () => {
  assert.match(
    reasonOf(['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'Sepal_Length']),
    /duplicate header names: "sepal_length"/,
  );
});

test('a missing feature column is named, with the two ways to supply it', () => {
  assert.equal(
    reasonOf(['sepal_length', 'sepal_width', 'petal_length', 'x']),
    'missing feature column "petal_width" (header: "sepal_length", "sepal_width", "petal_length", "x"); ' +
      "name it in the header, or map it in the upload's metadata: x-amz-meta-columns: petal_width=<column>",
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
