import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyTemplate, isSimplePath, readPath } from '../../../../local/stepfunctions/json-path.ts';

test('readPath reads the input ($) and the context ($$), dots and brackets', () => {
  const input = { a: { b: [10, { c: 'x' }] }, 'odd key': 1 };
  assert.equal(readPath('$.a.b[1].c', input, {}), 'x');
  assert.equal(readPath("$['odd key']", input, {}), 1);
  assert.deepEqual(readPath('$', input, {}), input);
  assert.equal(readPath('$$.Map.Item.Index', input, { Map: { Item: { Index: 3 } } }), 3);
  assert.throws(
    () => readPath('$.missing', input, {}),
    (e: unknown) => e instanceof Error && e.name === 'States.Runtime',
  );
});

test('applyTemplate resolves `.$` keys at every depth and copies the rest', () => {
  // act
  const out = applyTemplate({ fixed: 1, 'v.$': '$.v', nested: [{ 'i.$': '$$.i' }] }, { v: 'value' }, { i: 7 });
  // assert
  assert.deepEqual(out, { fixed: 1, v: 'value', nested: [{ i: 7 }] });
});

test('only plain paths are in the subset', () => {
  assert.equal(isSimplePath('$.a[0].b'), true);
  assert.equal(isSimplePath('$..a'), false);
  assert.equal(isSimplePath("States.Format('{}', $.a)"), false);
  assert.equal(isSimplePath('$.a[?(@.b)]'), false);
});
