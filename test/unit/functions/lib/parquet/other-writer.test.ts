/**
 * A file another writer wrote: test/fixtures/parquet/parquet-cpp-simple.parquet is pandas' own test file
 * (pandas/tests/io/data/parquet/simple.parquet, written by parquet-cpp 1.5.1 through pyarrow): an OPTIONAL INT64
 * column `A` and an OPTIONAL STRING column `B`, PLAIN_DICTIONARY with v1 data pages (definition levels inside the
 * page), SNAPPY. hyparquet reads it as the oracle.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import type { Model, ModelInfo, Predictions } from '../../../../../functions/lib/model/types.ts';
import { decodeNumberColumn } from '../../../../../functions/lib/parquet/decode-numbers.ts';
import { loadRowGroup } from '../../../../../functions/lib/parquet/read-row-group.ts';
import { memoryFile, metadataOf, scoreFile } from './parquet-fixtures.ts';

const FILE = new Uint8Array(
  readFileSync(join(import.meta.dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'parquet', 'parquet-cpp-simple.parquet')),
);

/** A one-feature regressor: value = 10 × A. */
const times10: Model = {
  info: {
    name: 'x10',
    version: '1',
    kind: 'regressor',
    inputName: 'x',
    inputType: 'float32',
    featureNames: ['A'],
    featureCount: 1,
    valueOutput: 'v',
  } as ModelInfo,
  async predict(features, rows): Promise<Predictions> {
    return { kind: 'regressor', rows, values: Float32Array.from(features.subarray(0, rows), (v) => v * 10) };
  },
};

test("parquet-cpp's OPTIONAL INT64 dictionary column in v1 pages decodes directly, as hyparquet reads it", async () => {
  const metadata = metadataOf(FILE);
  assert.match(metadata.created_by ?? '', /parquet-cpp/);
  const group = await loadRowGroup(memoryFile(FILE), metadata, 0);
  const column = decodeNumberColumn(group.bytes, group.span.start, metadata.row_groups[0]!.columns[0]!.meta_data!, metadata.schema[1]!, 3);
  assert.ok(column, 'decoded directly');
  assert.deepEqual([...column.values], [1, 2, 3]);
  assert.deepEqual([...column.missing], [0, 0, 0]);
});

test('a parquet-cpp file is scored: its column chunks copied as they are, the prediction added, read back by hyparquet', async () => {
  const { scored, errors } = await scoreFile(FILE, times10, 1);
  assert.equal(errors, '');
  const rows = await parquetReadObjects({ file: memoryFile(scored) });
  assert.deepEqual(rows, [
    { A: 1n, B: 'foo', prediction: 10 },
    { A: 2n, B: 'foo', prediction: 20 },
    { A: 3n, B: 'foo', prediction: 30 },
  ]);
});
