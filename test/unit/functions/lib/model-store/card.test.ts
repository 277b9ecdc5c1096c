import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelIntegrityError, parseAliasPointer, parseModelCard } from '../../../../../functions/lib/model-store/index.ts';

const CARD = {
  name: 'wine',
  version: '1',
  kind: 'classifier',
  features: ['alcohol', 'acidity'],
  outputs: ['label', 'probabilities'],
  classes: ['red', 'white'],
  sha256: 'a'.repeat(64),
  created: '2026-12-02T10:00:00.000Z',
  metrics: { accuracy: 0.9 },
};

test('a complete card is accepted as it is', () => {
  assert.deepEqual(parseModelCard(structuredClone(CARD), 'card.json'), CARD);
});

test('metrics are optional', () => {
  const { metrics: _, ...card } = CARD;

  assert.deepEqual(parseModelCard(card, 'card.json'), card);
});

test('every problem of a bad card is named at once, with where it came from', () => {
  const bad = { ...CARD, features: [], sha256: 'ABC', version: 'one', created: 'yesterday' };

  assert.throws(
    () => parseModelCard(bad, 's3://models/models/wine/1/card.json'),
    (error: Error) =>
      error instanceof ModelIntegrityError &&
      error.message.startsWith('s3://models/models/wine/1/card.json is not a valid model card') &&
      ['features', 'sha256', 'version', 'created'].every((field) => error.message.includes(field)),
  );
  assert.throws(() => parseModelCard([], 'x'), /not a JSON object/);
});

test('an alias pointer names a valid version', () => {
  assert.deepEqual(parseAliasPointer({ version: '2' }, 'a'), { version: '2' });
  assert.throws(() => parseAliasPointer({ version: 'champion' }, 'a'), ModelIntegrityError);
  assert.throws(() => parseAliasPointer('2', 'a'), ModelIntegrityError);
});
