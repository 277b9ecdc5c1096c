/**
 * Parquet batch jobs end to end through the real local stack: a multi-row-group file is cut into several chunks
 * (small CHUNK_TARGET_BYTES), and scored.parquet must read back with hyparquet holding every scored row in order,
 * with the same predictions the CSV path gives the same rows (its probabilities are printed to 6 decimals), and
 * errors.csv the rejected rows with their row numbers.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { startTestStack, type TestStack } from '../helpers/local-stack.ts';
import { generatedRows, irisCsv, irisParquet, memoryFile } from '../helpers/parquet-files.ts';
import type { IrisRows } from '../helpers/parquet-files.ts';

const CLASSES = ['setosa', 'versicolor', 'virginica'];

async function getBytes(t: TestStack, key: string): Promise<Uint8Array> {
  const object = await t.s3.send(new GetObjectCommand({ Bucket: 'output', Key: key }));
  return object.Body!.transformToByteArray();
}

/** 1,200 rows in 12 row groups; rows 7, 250 and 1,101 have a missing, NaN and infinite feature. */
function rowsWithRejects(): IrisRows {
  const rows = generatedRows(1200);
  rows.sepal_width[6] = null;
  rows.petal_length[249] = Number.NaN;
  rows.petal_width[1100] = Number.POSITIVE_INFINITY;
  return rows;
}

describe('Parquet batch jobs', () => {
  let t: TestStack;

  before(async () => {
    t = await startTestStack({ environment: { CHUNK_TARGET_BYTES: '4096', MIN_CHUNK_BYTES: '1024' } });
  });
  after(() => t?.stop());

  test('a multi-row-group file is scored in several chunks into scored.parquet, as the CSV path scores the same rows', async () => {
    const rows = rowsWithRejects();
    const input = Buffer.from(irisParquet(rows, 100));
    await Promise.all([t.put('input', 'pq/iris.parquet', input), t.put('input', 'pq/iris-as.csv', irisCsv(rows))]);
    const [summary, csvSummary] = await Promise.all([
      t.waitForSummary('pq/iris.parquet', 90_000),
      t.waitForSummary('pq/iris-as.csv', 90_000),
    ]);

    assert.equal(summary.status, 'SUCCEEDED', summary.reason);
    assert.deepEqual([summary.rowsIn, summary.rowsScored, summary.rowsRejected], [1200, 1197, 3]);
    assert.ok(summary.chunks > 1, `${summary.chunks} chunks`);
    assert.deepEqual(summary.outputs, { bucket: 'output', scored: 'pq/iris.scored.parquet', errors: 'pq/iris.errors.csv' });
    assert.deepEqual(
      summary.columns?.map((c) => [c.feature, c.column, c.match]),
      ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'].map((f) => [f, f, 'exact']),
    );
    const documents = DynamoDBDocumentClient.from(t.dynamodb);
    const record = (await documents.send(new GetCommand({ TableName: 'Jobs', Key: { jobId: summary.jobId } }))).Item!;
    assert.deepEqual(
      [record.chunksTotal, record.chunksDone, record.bytesDone, record.rowsScoredSoFar, record.rowsRejectedSoFar],
      [summary.chunks, summary.chunks, input.length, 1197, 3],
      "the chunks' progress adds up to the file: every byte, every row",
    );
    const head = await t.s3.send(new HeadObjectCommand({ Bucket: 'output', Key: 'pq/iris.scored.parquet' }));
    assert.equal(head.ContentType, 'application/vnd.apache.parquet');

    const bytes = await getBytes(t, 'pq/iris.scored.parquet');
    const scored = await parquetReadObjects({ file: memoryFile(bytes) });
    const viaCsv = parse(await t.getText('output', 'pq/iris-as.scored.csv'), { columns: true }) as Record<string, string>[];
    assert.equal(csvSummary.rowsScored, 1197);
    assert.equal(scored.length, viaCsv.length);
    scored.forEach((row, i) => {
      const csv = viaCsv[i]!;
      assert.equal(row.note, csv.note, `row ${i} in input order`);
      assert.equal(row.sepal_length, Number(csv.sepal_length));
      assert.equal(row.prediction, Number(csv.prediction));
      assert.equal(row.label, csv.label);
      for (const c of CLASSES) assert.equal(String(Math.round(row[`probability_${c}`] * 1e6) / 1e6), csv[`probability_${c}`]);
    });
    const metadata = parquetMetadata(bytes.slice().buffer);
    assert.equal(metadata.num_rows, 1197n);
    assert.equal(metadata.row_groups.length, 12, 'one scored row group per input row group');
    const types = Object.fromEntries(metadata.schema.slice(1).map((e) => [e.name, e.type]));
    assert.deepEqual(types, {
      sepal_length: 'DOUBLE',
      sepal_width: 'DOUBLE',
      petal_length: 'DOUBLE',
      petal_width: 'DOUBLE',
      note: 'BYTE_ARRAY',
      prediction: 'INT32',
      label: 'BYTE_ARRAY',
      probability_setosa: 'FLOAT',
      probability_versicolor: 'FLOAT',
      probability_virginica: 'FLOAT',
    });

    const errors = parse(await t.getText('output', 'pq/iris.errors.csv'), { columns: true }) as {
      line: string;
      record: string;
      reason: string;
    }[];
    assert.deepEqual(
      errors.map((e) => [e.line, e.reason]),
      [
        ['7', 'sepal_width: empty value'],
        ['250', 'petal_length: NaN is not a number'],
        ['1101', 'petal_width: infinite value'],
      ],
    );
    assert.equal(errors[0]!.record, '4.6,,1.6,0.6,row 7');
    const csvErrors = parse(await t.getText('output', 'pq/iris-as.errors.csv'), { columns: true }) as { line: string }[];
    assert.deepEqual(
      csvErrors.map((e) => Number(e.line) - 1),
      errors.map((e) => Number(e.line)),
      'the CSV path rejects the same rows (its lines count the header)',
    );
  });
});
