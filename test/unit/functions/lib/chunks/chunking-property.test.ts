import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkChunkingProperty, generateFile, scoreChunked, scoreWhole, seededRandom } from '../../../../property/chunking-property.ts';

test('property: chunked scoring equals one-chunk scoring on 80 adversarial files (fixed seed)', async () => {
  const mismatches = await checkChunkingProperty(20261202, 80);
  assert.deepEqual(mismatches, []);
});

test('the generator does produce the hostile cases the property is about', () => {
  const random = seededRandom(7);
  const files = Array.from({ length: 150 }, () => generateFile(random).bytes.toString('utf8'));
  assert.ok(
    files.some((f) => /"(6\.3,2\.5,5\.0,1\.9,phantom\n){3,}end"/.test(f)),
    'long quoted fields of phantom rows',
  );
  assert.ok(
    files.some((f) => f.includes('"never closed')),
    'unclosed quotes',
  );
  assert.ok(
    files.some((f) => f.includes('\r\n')),
    'CRLF',
  );
  assert.ok(
    files.some((f) => f.startsWith('\ufeff')),
    'a BOM',
  );
  assert.ok(
    files.some((f) => !f.endsWith('\n')),
    'no final newline',
  );
});

test('a long quoted field across the cut: same rows as one chunk, and the phantom rows are not scored', async () => {
  const field = `"${'6.3,2.5,5.0,1.9,phantom\n'.repeat(40)}end"`;
  const good = '5.1,3.5,1.4,0.2,ok\n';
  const file = Buffer.from(
    `sepal_length,sepal_width,petal_length,petal_width,note\n${good.repeat(50)}4.9,3.0,1.4,0.2,${field}\n${good.repeat(50)}`,
  );
  const cut = file.indexOf('phantom') + 500;
  const whole = await scoreWhole(file);
  const chunked = await scoreChunked(file, { targetBytes: cut, minBytes: 1, maxChunks: 500 });
  assert.equal(chunked.rescored, 1, 'chunk 1 speculated its start outside quotes, inside the field: scored again');
  assert.equal(chunked.chunks, 2);
  assert.deepEqual([chunked.rowsIn, chunked.rowsScored, chunked.rowsRejected], [101, 100, 1]);
  assert.deepEqual(chunked, { ...whole, chunks: 2, rescored: 1 });
});
