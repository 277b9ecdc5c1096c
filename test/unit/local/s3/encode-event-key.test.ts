import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeEventKey, encodeEventKey } from '../../../../local/s3/encode-event-key.ts';

test('AWS documentation example: "red flower.jpg" → "red+flower.jpg"', () => {
  assert.equal(encodeEventKey('red flower.jpg'), 'red+flower.jpg');
});

test('plus, parentheses and URL-special characters are percent-encoded; slashes stay', () => {
  assert.equal(encodeEventKey('this im + age blah.txt'), 'this+im+%2B+age+blah.txt');
  assert.equal(encodeEventKey('dir/sub/file (1).csv'), 'dir/sub/file+%281%29.csv');
  assert.equal(encodeEventKey('a?b#c&d=e:f@g$h,i;j.csv'), 'a%3Fb%23c%26d%3De%3Af%40g%24h%2Ci%3Bj.csv');
  assert.equal(encodeEventKey("x!y~z'.csv"), 'x%21y%7Ez%27.csv');
});

test('characters form encoding leaves alone stay as they are', () => {
  assert.equal(encodeEventKey('Az09.-_*'), 'Az09.-_*');
});

test('unicode is UTF-8 percent-encoded', () => {
  assert.equal(encodeEventKey('données é.csv'), 'donn%C3%A9es+%C3%A9.csv');
  assert.equal(encodeEventKey('日本.csv'), '%E6%97%A5%E6%9C%AC.csv');
});

test('decodeEventKey is the inverse, as handlers must decode', () => {
  for (const key of ['a b+c.csv', 'dir/données (1)?#.csv', '100% sure.csv', 'plain']) {
    assert.equal(decodeEventKey(encodeEventKey(key)), key);
  }
});
