import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parquetReadObjects } from 'hyparquet';
import { CLASSES, fakeModel } from '../csv/fake-model.ts';
import { planRowGroupChunks, rowGroupSpan, tileFile } from '../../../../../functions/lib/parquet/row-groups.ts';
import { decodeColumns, loadRowGroup } from '../../../../../functions/lib/parquet/read-row-group.ts';
import type { Model, ModelInfo, Predictions } from '../../../../../functions/lib/model/types.ts';
import { generatedRows, irisParquet, memoryFile, metadataOf, scoreFile } from './parquet-fixtures.ts';
import type { IrisRows } from './parquet-fixtures.ts';

/** The fake model's answer for a row (class = floor(|sum|) mod 3, probability 0.5 for it), computed independently. */
function expectedClass(row: number[]): number {
  return Math.floor(Math.abs(row.map((v) => Math.fround(v)).reduce((a, b) => a + b, 0))) % 3;
}

test('a multi-row-group file scored in several chunks reads back with hyparquet: every scored row, typed predictions', async () => {
  const rows = generatedRows(50);
  const input = irisParquet(rows, 8);
  const { scored, errors, chunks, rowsIn } = await scoreFile(input, fakeModel(), 1);
  assert.equal(chunks, 7, 'one chunk per row group at a 1-byte chunk target');
  assert.equal(rowsIn, 50);
  assert.equal(errors, '');
  const out = await parquetReadObjects({ file: memoryFile(scored) });
  assert.equal(out.length, 50);
  out.forEach((row, i) => {
    const features = [rows.sepal_length[i], rows.sepal_width[i], rows.petal_length[i], rows.petal_width[i]] as number[];
    const k = expectedClass(features);
    assert.deepEqual(
      [row.sepal_length, row.sepal_width, row.petal_length, row.petal_width, row.note],
      [...features, rows.note[i]],
      `row ${i + 1} passes its columns through`,
    );
    assert.equal(row.prediction, k);
    assert.equal(row.label, CLASSES[k]);
    assert.deepEqual(
      CLASSES.map((c) => row[`probability_${c}`]),
      CLASSES.map((_, c) => (c === k ? 0.5 : 0.25)),
    );
  });
  const metadata = metadataOf(scored);
  const types = Object.fromEntries(metadata.schema.slice(1).map((e) => [e.name, [e.type, e.logical_type?.type ?? null]]));
  assert.deepEqual(types.prediction, ['INT32', null]);
  assert.deepEqual(types.label, ['BYTE_ARRAY', 'STRING']);
  assert.deepEqual(types.probability_setosa, ['FLOAT', null]);
  assert.deepEqual(types.sepal_length, ['DOUBLE', null]);
  assert.equal(metadata.row_groups.length, 7);
  assert.equal(metadata.num_rows, 50n);
});

test('rejected rows go to the errors lines with their 1-based row number and reason; the scored file holds the rest', async () => {
  const rows: IrisRows = {
    sepal_length: [5.1, null, 6.3, Number.NaN, 5.0, 4.9],
    sepal_width: [3.5, 3.0, Number.POSITIVE_INFINITY, 3.1, 1e39, 3.0],
    petal_length: [1.4, 1.4, 5.0, 1.5, 1.4, 1.4],
    petal_width: [0.2, 0.2, 1.9, 0.2, 0.2, 0.2],
    note: ['ok', 'null length', '=HYPERLINK("x")', 'nan', 'too big', 'ok'],
  };
  const { scored, errors, rowsIn } = await scoreFile(irisParquet(rows, 4), fakeModel(), 1);
  assert.equal(rowsIn, 6);
  assert.equal(
    errors,
    [
      '2,",3,1.4,0.2,null length",sepal_length: empty value',
      // The record is the row as a CSV line (its note quoted and neutralised), itself quoted as one field.
      `3,"6.3,Infinity,5,1.9,""'=HYPERLINK(""""x"""")""",sepal_width: infinite value`,
      '4,"NaN,3.1,1.5,0.2,nan",sepal_length: NaN is not a number',
      '5,"5,1e+39,1.4,0.2,too big",sepal_width: value out of float32 range',
      '',
    ].join('\n'),
  );
  const out = await parquetReadObjects({ file: memoryFile(scored) });
  assert.deepEqual(
    out.map((r) => r.note),
    ['ok', 'ok'],
  );
});

test('a row group with every row rejected adds no row group; a file of only rejects is a valid empty Parquet file', async () => {
  const rows: IrisRows = { sepal_length: [null, null], sepal_width: [1, 1], petal_length: [1, 1], petal_width: [1, 1], note: ['a', 'b'] };
  const { scored, errors } = await scoreFile(irisParquet(rows, 1), fakeModel(), 1);
  assert.equal(errors.split('\n').length, 3);
  const metadata = metadataOf(scored);
  assert.equal(metadata.row_groups.length, 0);
  assert.deepEqual(await parquetReadObjects({ file: memoryFile(scored) }), []);
});

test('a regressor adds one DOUBLE prediction column', async () => {
  const info: ModelInfo = {
    name: 'sum',
    version: '1',
    kind: 'regressor',
    inputName: 'x',
    inputType: 'float32',
    featureNames: ['a', 'b', 'c', 'd'],
    featureCount: 4,
    valueOutput: 'v',
  };
  const model: Model = {
    info,
    async predict(features, rows): Promise<Predictions> {
      const values = new Float32Array(rows);
      for (let r = 0; r < rows; r++) values[r] = features[4 * r]! + features[4 * r + 1]! + features[4 * r + 2]! + features[4 * r + 3]!;
      return { kind: 'regressor', rows, values };
    },
  };
  const rows = generatedRows(10);
  const { scored } = await scoreFile(irisParquet(rows, 3), model, 1000);
  const out = await parquetReadObjects({ file: memoryFile(scored) });
  const metadata = metadataOf(scored);
  const last = metadata.schema.at(-1)!;
  assert.deepEqual([last.name, last.type, last.repetition_type], ['prediction', 'DOUBLE', 'REQUIRED']);
  out.forEach((row, i) => {
    const features = [rows.sepal_length[i], rows.sepal_width[i], rows.petal_length[i], rows.petal_width[i]] as number[];
    // The model sums the float32 features in double and returns a float32; the column holds it widened.
    const sum = Math.fround(features.reduce((a, v) => a + Math.fround(v), 0));
    assert.equal(row.prediction, sum);
  });
});

test("a chunk reads only its own row groups' bytes", async () => {
  const input = irisParquet(generatedRows(40), 10);
  const metadata = metadataOf(input);
  const file = memoryFile(input);
  const group = await loadRowGroup(file, metadata, 2);
  const decoded = await decodeColumns(group, metadata, [4]);
  const span = rowGroupSpan(metadata.row_groups[2]!, 2);
  assert.equal(group.firstRow, 20);
  assert.equal(group.rows, 10);
  assert.deepEqual(decoded[4], generatedRows(40).note.slice(20, 30));
  assert.equal(decoded[0], undefined, 'only the columns asked for are decoded');
  assert.equal(file.read, span.end - span.start);
});

test('chunks are runs of whole row groups, each closed once it holds the chunk target', () => {
  const metadata = metadataOf(irisParquet(generatedRows(100), 10));
  const spans = metadata.row_groups.map((g, i) => rowGroupSpan(g, i));
  const one = spans[0]!.end - spans[0]!.start;
  const chunks = planRowGroupChunks(metadata, 3 * one);
  assert.ok(chunks.length >= 3 && chunks.length <= 4, `${chunks.length} chunks`);
  let next = 0;
  for (const chunk of chunks) {
    assert.equal(chunk.rowGroups.from, next);
    assert.equal(chunk.start, spans[chunk.rowGroups.from]!.start);
    assert.equal(chunk.end, spans[chunk.rowGroups.to - 1]!.end);
    next = chunk.rowGroups.to;
  }
  assert.equal(next, 10);
  assert.equal(planRowGroupChunks(metadata, Number.MAX_SAFE_INTEGER).length, 1);
});

test("the chunks' ranges widened to tile the file, for progress: from 0, each to the next, the last to the end", () => {
  const bytes = irisParquet(generatedRows(100), 10);
  const chunks = tileFile(planRowGroupChunks(metadataOf(bytes), 1), bytes.length);
  assert.equal(chunks[0]!.start, 0);
  chunks.slice(1).forEach((chunk, i) => assert.equal(chunk.start, chunks[i]!.end));
  assert.equal(chunks.at(-1)!.end, bytes.length);
  assert.deepEqual(
    chunks.map((c) => c.rowGroups),
    Array.from({ length: 10 }, (_, i) => ({ from: i, to: i + 1 })),
  );
});

test('a row group whose bytes do not decode fails the chunk with ParquetInputError naming it', async () => {
  const bytes = Buffer.from(irisParquet(generatedRows(20), 10));
  bytes.fill(0xff, 4, 40);
  await assert.rejects(
    scoreFile(new Uint8Array(bytes), fakeModel(), 1),
    (e: Error) => e.name === 'ParquetInputError' && /^row group 0 does not decode: /.test(e.message),
  );
});
