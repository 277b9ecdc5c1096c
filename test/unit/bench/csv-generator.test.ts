import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CSV_HEADER, CSV_ROWS, csvByteLength, csvChunks, csvStream, predictBody } from '../../../bench/csv-generator.ts';

function text(rows: number): string {
  return Buffer.concat([...csvChunks(rows)]).toString('latin1');
}

test('N rows: a header and exactly N data lines, each with four numbers', () => {
  for (const rows of [0, 1, 11, 12, 5000]) {
    const lines = text(rows).split('\n');

    assert.equal(lines[0], CSV_HEADER.trim());
    assert.equal(lines.at(-1), '', 'ends with a newline');
    assert.equal(lines.length - 2, rows);
    assert.ok(lines.slice(1, -1).every((line) => line.split(',').length === 4 && line.split(',').every((v) => Number.isFinite(Number(v)))));
  }
});

test('csvByteLength is the exact size of what the generator yields', () => {
  for (const rows of [0, 1, 10, 11, 12, 100, 12_345]) assert.equal(csvByteLength(rows), Buffer.byteLength(text(rows)));
});

test('a large CSV streams in pieces of about 64 KiB, never one buffer', () => {
  const pieces = [...csvChunks(100_000)];

  assert.ok(pieces.length > 10);
  assert.ok(pieces.slice(0, -1).every((p) => p.length >= 64 * 1024 && p.length < 64 * 1024 + 32));
});

test('csvStream carries the same bytes', async () => {
  let bytes = 0;
  for await (const piece of csvStream(1000)) bytes += (piece as Buffer).length;

  assert.equal(bytes, csvByteLength(1000));
});

test('predictBody holds N rows of the same cycle as the CSV', () => {
  const body = JSON.parse(predictBody(12)) as { values: number[][] };

  assert.equal(body.values.length, 12);
  assert.deepEqual(body.values[0], CSV_ROWS[0].trim().split(',').map(Number));
  assert.deepEqual(body.values[11], body.values[0]);
});
