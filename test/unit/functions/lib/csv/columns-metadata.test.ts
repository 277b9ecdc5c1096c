import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  explicitColumnPairs,
  formatColumnPair,
  parseColumnsMetadata,
  resolveColumnPairs,
} from '../../../../../functions/lib/csv/columns-metadata.ts';
import { seededRandom } from '../../../../property/chunking-property.ts';

const FEATURES = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];

function reasonOf(value: string): string {
  const parsed = parseColumnsMetadata(value);
  assert.equal(parsed.ok, false, value);
  return parsed.ok ? '' : parsed.reason;
}

test('feature=column pairs, comma-separated; whitespace around names and empty items ignored', () => {
  assert.deepEqual(parseColumnsMetadata(' sepal_length = SL , sepal_width=Sepal Width,,petal_length=PL,'), {
    ok: true,
    pairs: [
      { feature: 'sepal_length', column: 'SL' },
      { feature: 'sepal_width', column: 'Sepal Width' },
      { feature: 'petal_length', column: 'PL' },
    ],
  });
});

test('percent-encoded names: commas, equals signs, percent signs and non-ASCII', () => {
  assert.deepEqual(parseColumnsMetadata('petal_width=width%2C mean,sepal_length=a%3Db,petal_length=growth %25,sepal_width=L%C3%A4nge'), {
    ok: true,
    pairs: [
      { feature: 'petal_width', column: 'width, mean' },
      { feature: 'sepal_length', column: 'a=b' },
      { feature: 'petal_length', column: 'growth %' },
      { feature: 'sepal_width', column: 'Länge' },
    ],
  });
});

test('malformed values are refused with the item and the metadata named', () => {
  assert.equal(reasonOf('sepal_length=SL,sepal_width'), 'x-amz-meta-columns: "sepal_width" is not feature=column');
  assert.equal(reasonOf('=SL'), 'x-amz-meta-columns: "=SL" names no feature');
  assert.equal(reasonOf('sepal_length= '), 'x-amz-meta-columns: "sepal_length=" names no column');
  assert.equal(reasonOf('sepal_length=100%'), 'x-amz-meta-columns: "sepal_length=100%" is not valid percent-encoding (write % as %25)');
  assert.equal(reasonOf(' , '), 'x-amz-meta-columns: no feature=column pairs');
});

test('resolved against the model and the header: feature index → column index', () => {
  const resolved = resolveColumnPairs(
    [
      { feature: 'petal_width', column: 'PW' },
      { feature: 'sepal_length', column: 'SL' },
    ],
    ['id', ' SL ', 'PW'],
    FEATURES,
  );

  assert.ok(resolved.ok);
  assert.deepEqual(
    [...resolved.columns],
    [
      [3, 2],
      [0, 1],
    ],
  );
});

test('property: a formatted pair parses back to itself (300 seeded names with reserved characters)', () => {
  const random = seededRandom(5);
  const alphabet = ['a', 'Z', ' ', ',', '=', '%', 'é', '€', '.', '(', ')', '"'];
  const name = () => {
    const text = Array.from({ length: 1 + random(8) }, () => alphabet[random(alphabet.length)])
      .join('')
      .trim();
    return text === '' ? 'x' : text;
  };
  for (let i = 0; i < 300; i++) {
    const pair = { feature: name(), column: name() };

    const parsed = parseColumnsMetadata(formatColumnPair(pair.feature, pair.column));

    assert.deepEqual(parsed, { ok: true, pairs: [pair] }, JSON.stringify(pair));
  }
});

test('explicit pairs come from the `columns` user metadata; without it there are none', () => {
  assert.deepEqual(explicitColumnPairs({}), { ok: true, pairs: [] });
  assert.deepEqual(explicitColumnPairs({ other: 'x' }), { ok: true, pairs: [] });
  assert.deepEqual(explicitColumnPairs({ columns: 'sepal_length=SL' }), { ok: true, pairs: [{ feature: 'sepal_length', column: 'SL' }] });
  assert.equal(explicitColumnPairs({ columns: 'no-equals' }).ok, false);
});
