import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { ParquetInputError } from '../../../../../functions/lib/parquet/errors.ts';
import { footerBytes, parseFooter } from '../../../../../functions/lib/parquet/footer.ts';
import { inputFormat } from '../../../../../functions/lib/jobs/input-format.ts';
import { inputColumns, scorableProblem } from '../../../../../functions/lib/parquet/schema.ts';
import { rowGroupsFromJson, rowGroupsToJson } from '../../../../../functions/lib/parquet/metadata-json.ts';
import { generatedRows, irisParquet, metadataOf } from './parquet-fixtures.ts';

const FEATURES = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];
const CLASSIFIER = { kind: 'classifier' as const, classNames: ['setosa', 'versicolor', 'virginica'] };

test('.parquet in any letter case is a Parquet input', () => {
  const isParquet = (key: string) => inputFormat(key)?.kind === 'parquet';
  assert.ok(isParquet('a/b.parquet') && isParquet('B.PARQUET') && isParquet('c.ParQuet'));
  assert.ok(!isParquet('a.csv') && !isParquet('a.parquet.gz') && !isParquet('parquet'));
});

test('the footer of a file: its length from the trailer, its FileMetaData parsed', () => {
  const bytes = irisParquet(generatedRows(12), 5);
  const length = footerBytes(bytes.subarray(bytes.length - 8), bytes.length);
  const metadata = parseFooter(bytes.subarray(bytes.length - length));
  assert.equal(metadata.num_rows, 12n);
  assert.equal(metadata.row_groups.length, 3);
});

test('not Parquet, too short, a length past the start, a corrupt footer: ParquetInputError with the reason', () => {
  const bytes = irisParquet(generatedRows(3), 5);
  const tail = (b: Uint8Array) => b.subarray(b.length - 8);
  assert.throws(() => footerBytes(tail(Buffer.from('a,b\n1,2\n')), 8), /fewer than the 12/);
  const csv = Buffer.from('sepal_length,sepal_width\n1,2\n3,4\n');
  assert.throws(() => footerBytes(tail(csv), csv.length), /does not end with the "PAR1" magic/);
  const long = Buffer.from(bytes);
  long.writeUInt32LE(1_000_000, long.length - 8);
  assert.throws(
    () => footerBytes(tail(long), long.length),
    (e) => e instanceof ParquetInputError && /runs past the start/.test(e.message),
  );
  const length = footerBytes(tail(bytes), bytes.length);
  const corrupt = Buffer.from(bytes.subarray(bytes.length - length));
  corrupt.fill(0xff, 0, corrupt.length - 8);
  assert.throws(
    () => parseFooter(corrupt),
    (e) => e instanceof ParquetInputError && /^corrupt Parquet footer/.test(e.message),
  );
});

test('a string feature column and a column the output would add are refused with the reason', () => {
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: 'sepal_length', data: [1], type: 'DOUBLE' },
      { name: 'sepal_width', data: ['3.5'], type: 'STRING' },
      { name: 'petal_length', data: [1n], type: 'INT64' },
      { name: 'petal_width', data: [1], type: 'INT32' },
      { name: 'label', data: ['x'], type: 'STRING' },
    ],
  });
  const metadata = metadataOf(new Uint8Array(buffer));
  assert.equal(
    scorableProblem(metadata, [0, 1, 2, 3], FEATURES, CLASSIFIER),
    `feature sepal_width's column "sepal_width" is BYTE_ARRAY (UTF8), not a number column (INT32, INT64, FLOAT or DOUBLE)`,
  );
  assert.equal(
    scorableProblem(metadata, [0, 2, 2, 3], FEATURES, CLASSIFIER),
    'the file has a column "label", which the scored output adds; rename it',
  );
  assert.equal(scorableProblem(metadata, [0, 2, 2, 3], FEATURES, { kind: 'regressor' }), undefined);
});

test('a nested column is refused', () => {
  const metadata = metadataOf(irisParquet(generatedRows(2), 5));
  const nested = {
    ...metadata,
    schema: [
      { ...metadata.schema[0]!, num_children: 1 },
      { name: 'point', num_children: 1 },
      { name: 'x', type: 'DOUBLE' as const },
    ],
  };
  assert.throws(() => inputColumns(nested), /column "point" is nested/);
});

test('row group metadata survives JSON with its 64-bit fields', () => {
  const metadata = metadataOf(irisParquet(generatedRows(20), 7));
  const back = rowGroupsFromJson(rowGroupsToJson(metadata.row_groups));
  assert.equal(rowGroupsToJson(back), rowGroupsToJson(metadata.row_groups));
  assert.equal(typeof back[1]!.columns[0]!.meta_data!.data_page_offset, 'bigint');
  assert.equal(back[1]!.columns[0]!.meta_data!.data_page_offset, metadata.row_groups[1]!.columns[0]!.meta_data!.data_page_offset);
});

test('a footer inside a larger Buffer (as an S3 read returns it) parses from its own bytes', () => {
  const bytes = irisParquet(generatedRows(4), 5);
  const inside = Buffer.concat([Buffer.from('prefix bytes'), Buffer.from(bytes)]);
  const length = footerBytes(inside.subarray(inside.length - 8), bytes.length);
  assert.equal(parseFooter(inside.subarray(inside.length - length)).num_rows, 4n);
});
