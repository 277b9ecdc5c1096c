import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MapRunError, parseItems, readItems, type MapRunStorage } from '../../../../local/stepfunctions/item-reader.ts';

const reader = { csvHeaderLocation: 'FIRST_ROW' as const };

test('a JSON manifest is an array of items; anything else fails with States.ItemReaderFailed', () => {
  // act
  const items = parseItems('[{"index":0},{"index":1}]', { ...reader, inputType: 'JSON' });
  // assert
  assert.deepEqual(items, [{ index: 0 }, { index: 1 }]);
  assert.throws(
    () => parseItems('{"index":0}', { ...reader, inputType: 'JSON' }),
    (e: unknown) => e instanceof MapRunError && e.name === 'States.ItemReaderFailed',
  );
});

test('JSON Lines: one item per non-empty line (CRLF too), a bad line is named', () => {
  // act
  const items = parseItems('{"a":1}\r\n\n{"a":2}\n', { ...reader, inputType: 'JSONL' });
  // assert
  assert.deepEqual(items, [{ a: 1 }, { a: 2 }]);
  assert.throws(() => parseItems('{"a":1}\nnot json\n', { ...reader, inputType: 'JSONL' }), /line 2/);
});

test('CSV: header row names the fields, quoted fields keep commas, doubled quotes and line breaks', () => {
  // act
  const items = parseItems('id,text\n1,"a, ""quoted""\nvalue"\n2,\n', { ...reader, inputType: 'CSV' });
  const given = parseItems('1,x\n', { inputType: 'CSV', csvHeaderLocation: 'GIVEN', csvHeaders: ['id', 'name'] });
  // assert
  assert.deepEqual(items, [
    { id: '1', text: 'a, "quoted"\nvalue' },
    { id: '2', text: '' },
  ]);
  assert.deepEqual(given, [{ id: '1', name: 'x' }]);
});

test('readItems reads the object named by the Parameters paths and keeps MaxItems items', async () => {
  // prepare
  const asked: string[] = [];
  const storage: MapRunStorage = {
    getObject: async (bucket, key) => {
      asked.push(`${bucket}/${key}`);
      return '[1,2,3,4]';
    },
    putObject: async () => undefined,
  };
  const config = {
    parameters: { Bucket: 'b', 'Key.$': '$.key' },
    inputType: 'JSON' as const,
    csvHeaderLocation: 'FIRST_ROW' as const,
    maxItems: 2,
  };
  // act
  const items = await readItems(config, '$', { key: 'm/manifest.json' }, {}, storage);
  // assert
  assert.deepEqual(asked, ['b/m/manifest.json']);
  assert.deepEqual(items, [1, 2]);
});

test('readItems without an ItemReader selects the ItemsPath array, and refuses a non-array', async () => {
  // act
  const items = await readItems(undefined, '$.chunks', { chunks: ['a', 'b'] }, {}, undefined);
  // assert
  assert.deepEqual(items, ['a', 'b']);
  await assert.rejects(readItems(undefined, '$.chunks', { chunks: 'a' }, {}, undefined), /did not select an array/);
});
