import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { featureHint, readFeatures, shellQuote } from '../../../console/lib/predict-request.ts';

test('readFeatures: numbers by feature name; the first empty or non-numeric field is named', () => {
  const fields = (values: string[]) => ['a', 'b', 'c'].map((name, i) => ({ name, value: values[i]! }));

  assert.deepEqual(readFeatures(fields(['5.9', ' 3 ', '-1e-3'])), { ok: true, instance: { a: 5.9, b: 3, c: -0.001 } });
  assert.deepEqual(readFeatures(fields(['5.9', '  ', 'x'])), { ok: false, name: 'b', message: 'b is empty: enter a number.' });
  assert.deepEqual(readFeatures(fields(['5.9', '1', 'abc'])), { ok: false, name: 'c', message: 'c is not a number: "abc".' });
  assert.equal(readFeatures(fields(['1e999', '1', '1'])).ok, false, 'Infinity is not a feature value');
});

test('shellQuote: the shell reads back exactly the text (checked by sh itself)', () => {
  for (const text of [
    `{"instances":[{"a":1}]}`,
    `it's`,
    `'''`,
    `$HOME \`x\` "q" \\ `,
    'http://127.0.0.1:3000/predict?model=wine@champion',
  ]) {
    assert.equal(execFileSync('sh', ['-c', `printf %s ${shellQuote(text)}`], { encoding: 'utf8' }), text);
  }
});

test('featureHint: position and type, and the training range when the model carries one', () => {
  const names = ['a', 'b'];

  assert.equal(featureHint({ featureNames: names }, 1), 'feature 2 of 2, a number');
  assert.equal(
    featureHint(
      {
        featureNames: names,
        featureRanges: [
          { min: 0, max: 1 },
          { min: 2, max: 4.4 },
        ],
      },
      1,
    ),
    'feature 2 of 2, a number; 2 to 4.4 in the training data',
  );
});
