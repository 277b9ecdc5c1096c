import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import {
  ERRORS_HEADER,
  errorsFileBody,
  errorsFileRun,
  renumberErrorRows,
  shiftErrorRow,
} from '../../../../../functions/lib/batch/errors-file.ts';

test('shifting a row adds the chunk offset to its line number', () => {
  assert.deepEqual(shiftErrorRow(['3', 'a,b', 'too short'], 100), ['103', 'a,b', 'too short']);
  assert.deepEqual(shiftErrorRow(['x', 'r', 'why'], 5), ['x', 'r', 'why']);
});

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
