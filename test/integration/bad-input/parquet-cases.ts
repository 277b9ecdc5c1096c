/**
 * Bad Parquet inputs: each ends with a summary (FAILED with the reason, or SUCCEEDED with exact accounting), nothing
 * lost. Files are written by hyparquet-writer, then some are broken on purpose.
 */
import assert from 'node:assert/strict';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { generatedRows, irisParquet, memoryFile } from '../../helpers/parquet-files.ts';

export interface ParquetCase {
  name: string;
  key: string;
  body: Uint8Array;
  status: 'SUCCEEDED' | 'FAILED';
  reason?: RegExp;
  /** [rowsIn, rowsScored, rowsRejected], exact. */
  rows: [number, number, number];
  /** errors.csv rows, exactly these (row number, reason pattern). */
  errors?: [number, RegExp][];
  /** Checks on scored.parquet's bytes. */
  check?: (scored: Uint8Array) => Promise<void>;
  multiChunk?: boolean;
}

const PREDICTION_COLUMNS = ['prediction', 'label', 'probability_setosa', 'probability_versicolor', 'probability_virginica'];

function write(
  columnData: Parameters<typeof parquetWriteBuffer>[0]['columnData'],
  options: { rowGroupSize?: number; codec?: 'UNCOMPRESSED' } = {},
): Uint8Array {
  return new Uint8Array(parquetWriteBuffer({ columnData, ...options }));
}

const double = (name: string, data: (number | null)[]) => ({ name, data, type: 'DOUBLE' as const, nullable: true });

/** A valid file whose footer's FileMetaData bytes are overwritten with garbage (trailer intact). */
function corruptFooter(): Uint8Array {
  const bytes = Buffer.from(irisParquet(generatedRows(5), 5));
  const length = bytes.readUInt32LE(bytes.length - 8);
  bytes.fill(0xee, bytes.length - 8 - length, bytes.length - 8);
  return new Uint8Array(bytes);
}

/** Rows 3, 40 and 41 rejected (a missing, a NaN and a too-large feature), 60 rows in 12 row groups. */
function withRejects(): Uint8Array {
  const rows = generatedRows(60);
  rows.sepal_length[2] = null;
  rows.petal_width[39] = Number.NaN;
  rows.sepal_width[40] = 1e300;
  return irisParquet(rows, 5);
}

async function readBack(scored: Uint8Array): Promise<Record<string, unknown>[]> {
  return parquetReadObjects({ file: memoryFile(scored) });
}

export const PARQUET_CASES: ParquetCase[] = [
  {
    name: 'parquet: 0-byte object',
    key: 'pq/empty.parquet',
    body: new Uint8Array(0),
    status: 'FAILED',
    reason: /not a Parquet file: 0 bytes/,
    rows: [0, 0, 0],
  },
  {
    name: 'parquet: a CSV named .parquet',
    key: 'pq/csv-inside.parquet',
    body: new Uint8Array(Buffer.from('sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n')),
    status: 'FAILED',
    reason: /not a Parquet file: it does not end with the "PAR1" magic/,
    rows: [0, 0, 0],
  },
  {
    name: 'parquet: corrupt footer',
    key: 'pq/corrupt-footer.parquet',
    body: corruptFooter(),
    status: 'FAILED',
    reason: /^corrupt Parquet footer/,
    rows: [0, 0, 0],
  },
  {
    name: 'parquet: footer length past the start of the file',
    key: 'pq/footer-too-long.parquet',
    body: (() => {
      const bytes = Buffer.from(irisParquet(generatedRows(3), 5));
      bytes.writeUInt32LE(bytes.length, bytes.length - 8);
      return new Uint8Array(bytes);
    })(),
    status: 'FAILED',
    reason: /corrupt Parquet footer: its length \(\d+ bytes\) runs past the start of the file/,
    rows: [0, 0, 0],
  },
  {
    name: 'parquet: a row group whose bytes do not decode (footer intact): FAILED naming it',
    key: 'pq/corrupt-row-group.parquet',
    body: (() => {
      const bytes = Buffer.from(irisParquet(generatedRows(20), 10));
      bytes.fill(0xff, 4, 40);
      return new Uint8Array(bytes);
    })(),
    status: 'FAILED',
    reason: /row group 0 does not decode/,
    rows: [0, 0, 0],
  },
  {
    name: 'parquet: a missing feature column',
    key: 'pq/missing-feature.parquet',
    body: write([
      double('sepal_length', [5.1]),
      double('sepal_width', [3.5]),
      double('petal_length', [1.4]),
      { name: 'note', data: ['x'], type: 'STRING' },
    ]),
    status: 'FAILED',
    reason: /missing feature column "petal_width"/,
    rows: [0, 0, 0],
  },
  {
    name: 'parquet: a string-typed feature column',
    key: 'pq/string-feature.parquet',
    body: write([
      double('sepal_length', [5.1]),
      { name: 'sepal_width', data: ['3.5'], type: 'STRING' },
      double('petal_length', [1.4]),
      double('petal_width', [0.2]),
    ]),
    status: 'FAILED',
    reason: /feature sepal_width's column "sepal_width" is BYTE_ARRAY \(UTF8\), not a number column/,
    rows: [0, 0, 0],
  },
  {
    name: 'parquet: a column named as an output column',
    key: 'pq/prediction-column.parquet',
    body: write([
      ...['sepal_length', 'sepal_width', 'petal_length', 'petal_width'].map((n) => double(n, [1])),
      { name: 'prediction', data: [1], type: 'INT32' },
    ]),
    status: 'FAILED',
    reason: /the file has a column "prediction", which the scored output adds/,
    rows: [0, 0, 0],
  },
  {
    name: 'parquet: no row groups (a valid file without rows): SUCCEEDED with 0 rows and the output schema',
    key: 'pq/no-row-groups.parquet',
    body: write([
      ...['sepal_length', 'sepal_width', 'petal_length', 'petal_width'].map((n) => double(n, [])),
      { name: 'note', data: [], type: 'STRING' },
    ]),
    status: 'SUCCEEDED',
    rows: [0, 0, 0],
    check: async (scored) => {
      const metadata = parquetMetadata(scored.slice().buffer);
      assert.equal(metadata.row_groups.length, 0);
      assert.deepEqual(
        metadata.schema.slice(1).map((e) => e.name),
        ['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'note', ...PREDICTION_COLUMNS],
      );
      assert.deepEqual(await readBack(scored), []);
    },
  },
  {
    name: 'parquet: rejected rows across several chunks, each with its row number and reason',
    key: 'pq/rejects.parquet',
    body: withRejects(),
    status: 'SUCCEEDED',
    rows: [60, 57, 3],
    errors: [
      [3, /^sepal_length: empty value$/],
      [40, /^petal_width: NaN is not a number$/],
      [41, /^sepal_width: value out of float32 range$/],
    ],
    multiChunk: true,
    check: async (scored) => {
      const notes = (await readBack(scored)).map((r) => r.note);
      const expected = generatedRows(60).note.filter((_, i) => ![2, 39, 40].includes(i));
      assert.deepEqual(notes, expected, 'every other row, in input order');
    },
  },
  {
    name: 'parquet: every row rejected: an empty scored.parquet, every row in errors.csv',
    key: 'pq/all-rejected.parquet',
    body: write(
      [double('sepal_length', [null, null, null]), ...['sepal_width', 'petal_length', 'petal_width'].map((n) => double(n, [1, 2, 3]))],
      { rowGroupSize: 2 },
    ),
    status: 'SUCCEEDED',
    rows: [3, 0, 3],
    errors: [
      [1, /^sepal_length: empty value$/],
      [2, /^sepal_length: empty value$/],
      [3, /^sepal_length: empty value$/],
    ],
    check: async (scored) => assert.deepEqual(await readBack(scored), []),
  },
  {
    name: 'parquet: INT32, INT64 and FLOAT features in another order, extra columns passed through, uncompressed',
    key: 'pq/typed.PARQUET',
    body: write(
      [
        { name: 'id', data: [10n, 11n], type: 'INT64' },
        { name: 'petal_width', data: [0, 2], type: 'INT32' },
        { name: 'Sepal.Length', data: [5.1, 6.7], type: 'FLOAT' },
        { name: 'sepal_width', data: [3n, 3n], type: 'INT64' },
        double('petal_length', [1.4, 5.2]),
      ],
      { codec: 'UNCOMPRESSED' },
    ),
    status: 'SUCCEEDED',
    rows: [2, 2, 0],
    check: async (scored) => {
      const rows = await readBack(scored);
      assert.deepEqual(
        rows.map((r) => [r.id, r.label]),
        [
          [10n, 'setosa'],
          [11n, 'virginica'],
        ],
      );
    },
  },
];
