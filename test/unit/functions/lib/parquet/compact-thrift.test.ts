import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readStruct } from '../../../../../functions/lib/parquet/compact-thrift.ts';

test('a struct: binaries, lists and doubles skipped, integers zigzag-decoded, nested structs read, long field deltas', () => {
  const bytes = Uint8Array.from([
    0x18,
    3,
    0x61,
    0x62,
    0x63, // field 1: binary "abc" (skipped)
    0x15,
    14, // field 2: i32 7
    0x19,
    0x25,
    2,
    4, // field 3: list of 2 i32 (skipped)
    0x17,
    0,
    0,
    0,
    0,
    0,
    0,
    0xf0,
    0x3f, // field 4: double 1.0 (skipped)
    0x1c,
    0x15,
    3,
    0x00, // field 5: struct { field 1: i32 -2 }
    0x05,
    40,
    1, // field 20 (explicit id, zigzag 40 = 20): i32 -1
    0x11, // field 21: true
    0x00,
  ]);
  const cursor = { bytes, at: 0 };
  const fields = readStruct(cursor);
  assert.equal(fields.get(2), 7);
  assert.equal(fields.get(1), undefined);
  assert.deepEqual(fields.get(5), new Map([[1, -2]]));
  assert.equal(fields.get(20), -1);
  assert.equal(fields.get(21), true);
  assert.equal(cursor.at, bytes.length);
});

test('bytes that end inside a struct throw', () => {
  assert.throws(() => readStruct({ bytes: Uint8Array.from([0x15]), at: 0 }), /read past the end/);
});
