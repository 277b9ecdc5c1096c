import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { parse } from 'csv-parse/sync';
import { csvLine } from '../../../../../functions/lib/csv/output-format.ts';
import { ERRORS_HEADER, errorsFileBody, errorsFileRun, renumberErrorRows } from '../../../../../functions/lib/batch/errors-file.ts';

test('renumbering keeps quoted records with commas, quotes and newlines intact', async () => {
  const rows = '2,"1,2,""x""\nnext",wrong width\n5,abc,not a number\n';
  const out = await text(renumberErrorRows(Readable.from([Buffer.from(rows)]), 10));
  assert.equal(out, '12,"1,2,""x""\nnext",wrong width\n15,abc,not a number\n');
});

test('offset 0 passes bytes through untouched', async () => {
  const rows = '2,x,y\n';
  assert.equal(await text(renumberErrorRows(Readable.from([Buffer.from(rows)]), 0)), rows);
});

test('errors file has the header once, then each chunk in order', async () => {
  async function* parts() {
    yield Readable.from([Buffer.from('2,a,r1\n')]);
    yield Readable.from([Buffer.from('9,b,r2\n')]);
  }
  assert.equal(await text(errorsFileBody(parts())), `${ERRORS_HEADER}2,a,r1\n9,b,r2\n`);
  async function* none() {}
  assert.equal(await text(errorsFileBody(none())), ERRORS_HEADER);
});

test('a run of the errors file has the header only when it starts the file', async () => {
  async function* parts() {
    yield Readable.from([Buffer.from('2,a,r1\n')]);
    yield Readable.from(['9,b,r2\n']);
  }

  assert.equal(await text(errorsFileRun(parts(), true)), `${ERRORS_HEADER}2,a,r1\n9,b,r2\n`);
  assert.equal(await text(errorsFileRun(parts(), false)), '2,a,r1\n9,b,r2\n');
});

test('renumbering agrees with csv-parse on random rows cut into random pieces: line + offset, the other cells as written', async () => {
  const alphabet = ['a', ',', '"', '\n', '\r', '1', ' ', 'é'];
  let seed = 11;
  const next = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
  for (let round = 0; round < 300; round++) {
    const rows = Array.from({ length: 1 + next(6) }, (_, i) => [
      String(2 + i * next(1000)),
      Array.from({ length: next(9) }, () => alphabet[next(alphabet.length)]).join(''),
      'reason, "quoted"',
    ]);
    const bytes = Buffer.from(rows.map((r) => `${csvLine(r)}\n`).join(''));
    const pieces: Buffer[] = [];
    for (let at = 0; at < bytes.length; ) {
      const size = 1 + next(7);
      pieces.push(bytes.subarray(at, at + size));
      at += size;
    }
    const offset = next(100_000);

    const out = await text(renumberErrorRows(Readable.from(pieces), offset));

    const expected = parse(bytes, { relax_column_count: true }).map((r: string[]) => [String(Number(r[0]) + offset), ...r.slice(1)]);
    assert.deepEqual(parse(out, { relax_column_count: true }), expected, JSON.stringify(rows));
  }
});
