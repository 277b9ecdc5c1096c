import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidModelRefError, formatModelRef, parseModelRef } from '../../../../../functions/lib/model-store/index.ts';

test('a bare name means its latest alias', () => {
  assert.deepEqual(parseModelRef('wine'), { name: 'wine', alias: 'latest' });
});

test('after @, a digit or v and a digit start a version; anything else is an alias', () => {
  const cases: [string, object][] = [
    ['wine@1', { name: 'wine', version: '1' }],
    ['wine@1.2.0', { name: 'wine', version: '1.2.0' }],
    ['wine@v3', { name: 'wine', version: 'v3' }],
    ['wine@2026-12-02', { name: 'wine', version: '2026-12-02' }],
    ['wine@champion', { name: 'wine', alias: 'champion' }],
    ['wine@very-good_2', { name: 'wine', alias: 'very-good_2' }],
    ['wine@v', { name: 'wine', alias: 'v' }],
  ];

  for (const [text, expected] of cases) assert.deepEqual(parseModelRef(text), expected, text);
});

test('references outside the charsets are refused with the rule in the message', () => {
  const bad = ['', 'Wine', '1wine', 'wine@', 'wine@Champion', 'wine@../x', 'wi/ne', 'wine@1/2', 'wine@a@b', `w${'x'.repeat(64)}`];

  for (const text of bad) {
    assert.throws(() => parseModelRef(text), InvalidModelRefError, text);
  }
  assert.throws(() => parseModelRef('Wine@1'), /lower-case letter/);
  assert.throws(() => parseModelRef('wine@1/2'), /start with a digit or "v"/);
});

test('formatting gives back the reference', () => {
  assert.equal(formatModelRef(parseModelRef('wine@champion')), 'wine@champion');
  assert.equal(formatModelRef(parseModelRef('wine@1.0.0')), 'wine@1.0.0');
});
