import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeColumns, toColumnMapping } from '../../../../../functions/lib/csv/column-mapping.ts';
import { InvalidColumnMappingError } from '../../../../../functions/lib/csv/errors.ts';

const FEATURES = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];

test('a mapping survives the JSON round trip of a workflow payload', () => {
  const mapping = { by: 'name', hasHeader: true, width: 6, featureColumns: [2, 5, 4, 1] };
  assert.deepEqual(toColumnMapping(JSON.parse(JSON.stringify(mapping))), mapping);
});

test('a mapping that says how each feature was found survives it too', () => {
  const mapping = {
    by: 'name',
    hasHeader: true,
    width: 6,
    featureColumns: [2, 5, 4, 1],
    matchedBy: ['metadata', 'exact', 'normalised', 'normalised'],
    columnNames: ['SL', 'sepal_width', 'Petal.Length', 'petal width (cm)'],
  };
  assert.deepEqual(toColumnMapping(JSON.parse(JSON.stringify(mapping))), mapping);
});

test('anything else is refused before the scorer trusts its indexes', () => {
  for (const bad of [
    null,
    {},
    { by: 'name', hasHeader: true, width: 2, featureColumns: [0, 2] },
    { by: 'guess', hasHeader: true, width: 1, featureColumns: [0] },
    { by: 'position', hasHeader: 'yes', width: 1, featureColumns: [0] },
    { by: 'position', hasHeader: false, width: 1.5, featureColumns: [0] },
    { by: 'name', hasHeader: true, width: 1, featureColumns: [0], matchedBy: ['guessed'] },
    { by: 'name', hasHeader: true, width: 2, featureColumns: [0, 1], matchedBy: ['exact'] },
    { by: 'name', hasHeader: true, width: 1, featureColumns: [0], columnNames: [7] },
  ]) {
    assert.throws(() => toColumnMapping(bad), InvalidColumnMappingError, JSON.stringify(bad));
  }
});

test('describeColumns: each feature with its column name, 1-based position and how it was found', () => {
  const mapping = toColumnMapping({
    by: 'name',
    hasHeader: true,
    width: 5,
    featureColumns: [4, 1, 2, 3],
    matchedBy: ['metadata', 'normalised', 'normalised', 'exact'],
    columnNames: ['SL', 'Sepal.Width', 'Petal.Length', 'petal_width'],
  });

  assert.deepEqual(describeColumns(mapping, FEATURES), [
    { feature: 'sepal_length', column: 'SL', position: 5, match: 'metadata' },
    { feature: 'sepal_width', column: 'Sepal.Width', position: 2, match: 'normalised' },
    { feature: 'petal_length', column: 'Petal.Length', position: 3, match: 'normalised' },
    { feature: 'petal_width', column: 'petal_width', position: 4, match: 'exact' },
  ]);
});

test('describeColumns: a headerless file has no column names; a mapping that does not say how gives nothing', () => {
  const positional = { by: 'position' as const, hasHeader: false, width: 4, featureColumns: [0, 1, 2, 3] };

  assert.deepEqual(describeColumns({ ...positional, matchedBy: ['position', 'position', 'position', 'position'] }, FEATURES)?.[3], {
    feature: 'petal_width',
    column: null,
    position: 4,
    match: 'position',
  });
  assert.equal(describeColumns(positional, FEATURES), undefined);
  assert.equal(
    describeColumns({ ...positional, matchedBy: ['position', 'position', 'position', 'position'] }, FEATURES.slice(1)),
    undefined,
  );
});
