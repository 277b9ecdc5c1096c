import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toColumnMapping } from '../../../../../functions/lib/csv/column-mapping.ts';
import { InvalidColumnMappingError } from '../../../../../functions/lib/csv/errors.ts';

test('a mapping survives the JSON round trip of a workflow payload', () => {
  const mapping = { by: 'name', hasHeader: true, width: 6, featureColumns: [2, 5, 4, 1] };
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
  ]) {
    assert.throws(() => toColumnMapping(bad), InvalidColumnMappingError, JSON.stringify(bad));
  }
});
