import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foldCase, normaliseName } from '../../../../../functions/lib/csv/header-names.ts';
import { matchHeader } from '../../../../../functions/lib/csv/match-header.ts';
import { seededRandom } from '../../../../property/chunking-property.ts';
import type { Random } from '../../../../property/chunking-property.ts';

test('the spellings real files use normalise to the model name', () => {
  for (const name of [
    'sepal_length',
    'Sepal.Length',
    'sepal length (cm)',
    'SEPAL-LENGTH',
    ' sepal  length [mm] ',
    'sepal__length',
    '_sepal.length_',
  ]) {
    assert.equal(normaliseName(name), 'sepal_length', name);
  }
});

test('every trailing unit goes, one inside the name stays, and a name that is only a unit is kept', () => {
  assert.equal(normaliseName('width (cm) [avg]'), 'width');
  assert.equal(normaliseName('width (cm) of petal'), 'width_(cm)_of_petal');
  assert.equal(normaliseName('(cm)'), '(cm)');
  assert.equal(normaliseName('Unnamed: 0'), 'unnamed:_0');
});

test('foldCase is the comparison headers always had: surrounding whitespace and case only', () => {
  assert.equal(foldCase(' Petal_Width '), 'petal_width');
  assert.notEqual(foldCase('Petal.Width'), foldCase('petal_width'));
});

const ALPHABET = ['a', 'B', 'z', 'É', 'ß', 'İ', '0', '.', ' ', '-', '_', '\t', '(', ')', '[', ']', ':', '%'];

function randomName(random: Random): string {
  const length = 1 + random(12);
  return Array.from({ length }, () => ALPHABET[random(ALPHABET.length)]).join('');
}

test('property: normalising is idempotent (2,000 seeded names)', () => {
  const random = seededRandom(17);
  for (let i = 0; i < 2000; i++) {
    const name = randomName(random);

    const once = normaliseName(name);

    assert.equal(normaliseName(once), once, JSON.stringify(name));
  }
});

test('property: exact names always match exactly, whatever look-alikes stand beside them (500 seeded headers)', () => {
  const random = seededRandom(29);
  for (let round = 0; round < 500; round++) {
    const folded = new Set<string>();
    const distinct = (count: number) => {
      const names: string[] = [];
      while (names.length < count) {
        const name = randomName(random);
        if (folded.has(foldCase(name)) || foldCase(name) === '') continue;
        folded.add(foldCase(name));
        names.push(name);
      }
      return names;
    };
    const features = distinct(1 + random(5));
    // Look-alikes: the features respelled (normalising to the same name) plus random columns.
    const respelled = features.map((f) => `${f.toUpperCase()}.`).filter((e) => !folded.has(foldCase(e)) && folded.add(foldCase(e)));
    const extras = [...respelled, ...distinct(random(4))];
    const header = [...features, ...extras];
    for (let i = header.length - 1; i > 0; i--) {
      const j = random(i + 1);
      [header[i], header[j]] = [header[j], header[i]];
    }

    const match = matchHeader(header, features);

    assert.ok(match.ok, `${JSON.stringify(header)}: ${match.ok ? '' : match.reason}`);
    assert.deepEqual(
      match.columns.featureColumns.map((c) => header[c]),
      features,
    );
    assert.ok(match.columns.matchedBy?.every((m) => m === 'exact'));
  }
});
