import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isPlainNumber, numberProblem, parseNumberBytes, parseNumberText } from '../../../../../functions/lib/csv/number-field.ts';

function parseBytes(text: string): number {
  const padded = Buffer.from(`#${text}#`);
  return parseNumberBytes(padded, 1, padded.length - 1);
}

const VALID = [
  '0',
  '-0',
  '+0',
  '1',
  '5.1',
  '-3.25',
  '.5',
  '5.',
  '+3',
  '1e3',
  '1E-3',
  '-2.5e+4',
  '  2.5 ',
  '\t7\t',
  '007',
  '0.000123',
  '123456789012345',
  '1234567890123456789',
  '0.1234567890123456789',
  '1e22',
  '1e23',
  '1e-22',
  '1e-23',
  '1e-400',
  '9007199254740993',
  '3.4028234663852886e38',
  '1.7976931348623157e308',
  '00000000000000000001.5',
];
const INVALID = [
  '',
  ' ',
  'abc',
  '0x10',
  '0b1',
  'NaN',
  'nan',
  'Infinity',
  '-Infinity',
  'inf',
  '1e',
  '1e+',
  '1.2.3',
  '--1',
  '1 2',
  '1_000',
  '.',
  '-',
  '+',
  'e5',
  '1,5',
  '５',
  '1d',
  '١',
];

test('parseNumberBytes gives exactly Number(text) for decimal numbers', () => {
  for (const text of VALID) assert.equal(Object.is(parseBytes(text), Number(text)), true, text);
});

test('parseNumberBytes agrees with Number on random doubles in every notation', () => {
  let seed = 7;
  const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
  for (let i = 0; i < 3000; i++) {
    const value = (random() - 0.5) * 10 ** Math.floor(random() * 40 - 20);
    for (const text of [String(value), value.toFixed(6), value.toExponential(4), value.toPrecision(17)]) {
      assert.equal(parseBytes(text), Number(text), text);
    }
  }
});

test('parseNumberBytes and parseNumberText reject what is not a decimal number', () => {
  for (const text of INVALID) {
    assert.equal(Number.isNaN(parseBytes(text)), true, `bytes ${JSON.stringify(text)}`);
    assert.equal(Number.isNaN(parseNumberText(text)), true, `text ${JSON.stringify(text)}`);
  }
});

test('parseNumberText accepts the same numbers as the byte parser', () => {
  for (const text of VALID) assert.equal(Object.is(parseNumberText(text), parseBytes(text)), true, text);
});

test('numberProblem names the kind of bad value', () => {
  assert.equal(numberProblem(''), 'empty value');
  assert.equal(numberProblem('  '), 'empty value');
  assert.equal(numberProblem('NaN'), 'NaN is not a number');
  assert.equal(numberProblem('-Infinity'), 'infinite value');
  assert.equal(numberProblem('inf'), 'infinite value');
  assert.equal(numberProblem('1e39'), 'value out of float32 range');
  assert.equal(numberProblem('1e400', 'float64'), 'value out of float64 range');
  assert.equal(numberProblem('abc'), 'not a number: "abc"');
  assert.match(numberProblem('x'.repeat(100)), /^not a number: "x{40}…"$/);
});

test('isPlainNumber: signed decimals without spaces', () => {
  for (const t of ['-1', '+2.5', '-1e5', '.5', '3']) assert.equal(isPlainNumber(t), true, t);
  for (const t of ['-', '- 1', '-1 ', '=1', '-1+2', '', '-0x1']) assert.equal(isPlainNumber(t), false, t);
});
