import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJsonBody, toFeatureMatrix } from '../../../../../functions/lib/http/parse-predict-request.ts';
import { checkContentType } from '../../../../../functions/lib/http/content-type.ts';
import { RequestError } from '../../../../../functions/lib/http/errors.ts';
import { loadSample } from '../../../../helpers/events.ts';

const FEATURES = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];
const LIMITS = { maxBodyBytes: 1024, maxRows: 3 };

function rejection(action: () => unknown): { statusCode: number; code: string; message: string } {
  try {
    action();
  } catch (error) {
    assert.ok(error instanceof RequestError, `expected RequestError, got ${String(error)}`);
    return { statusCode: error.statusCode, code: error.code, message: error.message };
  }
  assert.fail('expected the request to be rejected');
}

test('the classic request becomes one float32 row', () => {
  const payload = loadSample('requests/predict-values.json');

  const matrix = toFeatureMatrix(payload, FEATURES, LIMITS);

  assert.equal(matrix.rows, 1);
  assert.deepEqual(Array.from(matrix.features), [5.9, 3.0, 5.1, 2.3].map(Math.fround));
});

test('for a float64 model the rows keep the JSON numbers as they are, float32 range or not', () => {
  const values = [[5.9, 0.1, 1e39, -2.3]];

  const wide = toFeatureMatrix({ values }, FEATURES, LIMITS, 'float64');
  const narrow = rejection(() => toFeatureMatrix({ values }, FEATURES, LIMITS, 'float32'));

  assert.ok(wide.features instanceof Float64Array);
  assert.deepEqual(Array.from(wide.features), values[0]);
  assert.equal(narrow.code, 'OUT_OF_RANGE');
});

test('instances are read by feature name whatever the key order', () => {
  const payload = { instances: [{ petal_width: 4, petal_length: 3, sepal_width: 2, sepal_length: 1 }] };

  const matrix = toFeatureMatrix(payload, FEATURES, LIMITS);

  assert.deepEqual(Array.from(matrix.features), [1, 2, 3, 4]);
});

test('the row width comes from the model, not a constant', () => {
  const matrix = toFeatureMatrix(
    {
      values: [
        [1, 2],
        [3, 4],
      ],
    },
    ['a', 'b'],
    LIMITS,
  );

  assert.equal(matrix.rows, 2);
  assert.equal(matrix.features.length, 4);
});

const BAD_PAYLOADS: [string, unknown, number, string, RegExp][] = [
  ['not an object', [1, 2], 400, 'INVALID_REQUEST', /JSON object/],
  ['no values', { value: [[1, 2, 3, 4]] }, 400, 'MISSING_VALUES', /"values"/],
  ['values not a list', { values: 'x' }, 400, 'INVALID_VALUES', /list of rows/],
  ['empty list', { values: [] }, 400, 'EMPTY_VALUES', /at least one row/],
  ['row not a list', { values: [5] }, 400, 'INVALID_VALUES', /values\[0\]/],
  [
    'short row',
    {
      values: [
        [1, 2, 3, 4],
        [1, 2, 3],
      ],
    },
    400,
    'WRONG_ROW_WIDTH',
    /values\[1\] has 3 numbers; the model expects 4/,
  ],
  ['one-cell row', { values: [[7]] }, 400, 'WRONG_ROW_WIDTH', /values\[0\] has 1 number; the model expects 4/],
  [
    'a row nested one level too deep',
    { values: [[[1, 2, 3, 4]]] },
    400,
    'NESTED_VALUES',
    /values\[0\] is nested: .* flat list of 4 numbers/,
  ],
  ['a list inside a row', { values: [[1, [2], 3, 4]] }, 400, 'NESTED_VALUES', /values\[0\] is nested/],
  ['string cell', { values: [[1, '2', 3, 4]] }, 400, 'NOT_A_NUMBER', /values\[0\]\[1\] \(sepal_width\) is the string "2"/],
  ['null cell', { values: [[1, 2, null, 4]] }, 400, 'NOT_A_NUMBER', /values\[0\]\[2\] \(petal_length\) is null/],
  ['huge number', { values: [[1, 2, 3, 1e39]] }, 400, 'OUT_OF_RANGE', /float32/],
  [
    'too many rows',
    {
      values: [
        [1, 2, 3, 4],
        [1, 2, 3, 4],
        [1, 2, 3, 4],
        [1, 2, 3, 4],
      ],
    },
    413,
    'TOO_MANY_ROWS',
    /limit is 3/,
  ],
  [
    'unknown instance key',
    { instances: [{ sepal_length: 1, sepal_width: 2, petal_length: 3, petal_width: 4, colour: 1 }] },
    400,
    'UNKNOWN_FEATURE',
    /"colour"/,
  ],
  [
    'missing instance key',
    { instances: [{ sepal_length: 1, sepal_width: 2, petal_length: 3 }] },
    400,
    'MISSING_FEATURE',
    /instances\[0\] is missing "petal_width"/,
  ],
  ['instance not an object', { instances: [[1, 2, 3, 4]] }, 400, 'INVALID_VALUES', /instances\[0\]/],
];

for (const [name, payload, statusCode, code, message] of BAD_PAYLOADS) {
  test(`rejects ${name} with ${statusCode} ${code}`, () => {
    const error = rejection(() => toFeatureMatrix(payload, FEATURES, LIMITS));

    assert.equal(error.statusCode, statusCode);
    assert.equal(error.code, code);
    assert.match(error.message, message);
  });
}

test('1e999 parses to Infinity and is refused as non-finite', () => {
  const payload = parseJsonBody('{"values": [[1e999, 1, 1, 1]]}', LIMITS);

  const error = rejection(() => toFeatureMatrix(payload, FEATURES, LIMITS));

  assert.equal(error.code, 'NON_FINITE_NUMBER');
});

test('bodies: invalid JSON, missing and oversize', () => {
  assert.equal(rejection(() => parseJsonBody('{"values": [[1,2', LIMITS)).code, 'INVALID_JSON');
  assert.equal(rejection(() => parseJsonBody(null, LIMITS)).code, 'MISSING_BODY');
  const big = rejection(() => parseJsonBody(`{"values": "${'x'.repeat(2000)}"}`, LIMITS));
  assert.equal(big.statusCode, 413);
  assert.equal(big.code, 'PAYLOAD_TOO_LARGE');
});

test('content types: JSON and what curl sends pass, others are 415', () => {
  for (const ok of [
    undefined,
    'application/json',
    'application/json; charset=utf-8',
    'application/x-www-form-urlencoded',
    'application/vnd.api+json',
  ]) {
    assert.doesNotThrow(() => checkContentType(ok), String(ok));
  }
  const error = rejection(() => checkContentType('application/xml'));
  assert.equal(error.statusCode, 415);
  assert.equal(error.code, 'UNSUPPORTED_MEDIA_TYPE');
});
