import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareKeys, SortedKeys } from '../../../../local/s3/key-index.ts';

function keys(...list: string[]): SortedKeys {
  const sorted = new SortedKeys();
  for (const key of list) sorted.add(key);
  return sorted;
}

test('keys sort in UTF-8 byte order, as S3 lists them (characters beyond U+FFFF after U+E000–U+FFFF)', () => {
  const list = ['b', '\u{1F600}', 'a/b', '\uFF21', 'a//b', 'a', '/a'];
  const utf8 = [...list].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
  assert.deepEqual([...list].sort(compareKeys), utf8);
  assert.ok(compareKeys('\uFF21', '\u{1F600}') < 0);
});

test('a page stops at max-keys and the next one resumes after its last key', () => {
  const index = keys('c', 'a', 'b', 'd', 'b');
  assert.equal(index.size, 4);
  const first = index.page({ prefix: '', maxKeys: 2 });
  assert.deepEqual(first, { keys: ['a', 'b'], prefixes: [], truncated: true, last: 'b' });
  assert.deepEqual(index.page({ prefix: '', maxKeys: 2, after: first.last }), {
    keys: ['c', 'd'],
    prefixes: [],
    truncated: false,
    last: 'd',
  });
});

test('a delimiter folds keys into common prefixes, each counted once, and a page ending on one skips it next time', () => {
  const index = keys('p/a/1', 'p/a/2', 'p/a/3', 'p/b', 'p/c/1', 'q');
  const first = index.page({ prefix: 'p/', delimiter: '/', maxKeys: 1 });
  assert.deepEqual(first, { keys: [], prefixes: ['p/a/'], truncated: true, last: 'p/a/' });
  const second = index.page({ prefix: 'p/', delimiter: '/', maxKeys: 2, after: first.last });
  assert.deepEqual(second, { keys: ['p/b'], prefixes: ['p/c/'], truncated: false, last: 'p/c/' });
});

test('removed keys leave the listing; max-keys 0 answers nothing and is not truncated', () => {
  const index = keys('a', 'b');
  index.remove('a');
  index.remove('missing');
  assert.deepEqual(index.page({ prefix: '', maxKeys: 10 }).keys, ['b']);
  assert.deepEqual(index.page({ prefix: '', maxKeys: 0 }), { keys: [], prefixes: [], truncated: false, last: undefined });
});
