import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { scoreChunk } from '../../../../../functions/lib/csv/chunk-pipeline.ts';
import { ModelMismatchError } from '../../../../../functions/lib/csv/errors.ts';
import type { RecordSplitterOptions } from '../../../../../functions/lib/csv/record/RecordSplitter.ts';
import { BY_NAME, collect, fakeModel, scoreText } from './fake-model.ts';

const HEADER = 'sepal_length,sepal_width,petal_length,petal_width';
const OUT_HEADER = `${HEADER},prediction,label,probability_setosa,probability_versicolor,probability_virginica\n`;
const V1 = ',1,versicolor,0.25,0.5,0.25\n'; // fake model: floor(|sum|) % 3 = 1
const V2 = ',2,virginica,0.25,0.25,0.5\n';

test('scores rows: header, passthrough bytes, prediction, label, probabilities', async () => {
  const r = await scoreText(`${HEADER}\n5.1,3.5,1.4,0.2\n1,1,0.5,0\n`);
  assert.equal(r.scored, `${OUT_HEADER}5.1,3.5,1.4,0.2${V1}1,1,0.5,0${V2}`);
  assert.deepEqual([r.rowsIn, r.rowsScored, r.rowsRejected, r.lines, r.errors], [2, 2, 0, 3, '']);
});

test('CRLF line ends, BOM and no final newline', async () => {
  const r = await scoreText(`\uFEFF${HEADER}\r\n5.1,3.5,1.4,0.2\r\n1,1,0.5,0`);
  assert.equal(r.scored, `${OUT_HEADER}5.1,3.5,1.4,0.2${V1}1,1,0.5,0${V2}`);
  assert.deepEqual([r.rowsIn, r.lines], [2, 2]);
});

test('blank and whitespace-only lines are skipped, uncounted, and line numbers stay physical', async () => {
  const r = await scoreText(`${HEADER}\n\n  \t\n5.1,3.5,1.4,0.2\r\n\r\nx,1,1,1\n`);
  assert.deepEqual([r.rowsIn, r.rowsScored, r.rowsRejected], [2, 1, 1]);
  assert.match(r.errors, /^6,"x,1,1,1",/);
});

test('bad rows are rejected with line, record and reason; accounting is exact', async () => {
  const rows = [
    '1,2,3',
    '1,2,3,4,5',
    ',2,3,4',
    'a,2,3,4',
    'NaN,2,3,4',
    '1,Infinity,3,4',
    '1,2,-inf,4',
    '1,2,3,1e39',
    '0x1,2,3,4',
    '1,2,3,4,',
  ];
  const r = await scoreText(`${HEADER}\n${rows.join('\n')}\n1,1,1,1\n`);
  assert.deepEqual([r.rowsIn, r.rowsScored, r.rowsRejected], [11, 1, 10]);
  assert.equal(
    r.errors,
    [
      '2,"1,2,3","expected 4 fields, found 3"',
      '3,"1,2,3,4,5","expected 4 fields, found 5"',
      '4,",2,3,4",sepal_length: empty value',
      '5,"a,2,3,4","sepal_length: not a number: ""a"""',
      '6,"NaN,2,3,4",sepal_length: NaN is not a number',
      '7,"1,Infinity,3,4",sepal_width: infinite value',
      '8,"1,2,-inf,4",petal_length: infinite value',
      '9,"1,2,3,1e39",petal_width: value out of float32 range',
      '10,"0x1,2,3,4","sepal_length: not a number: ""0x1"""',
      '11,"1,2,3,4,","expected 4 fields, found 5"',
    ]
      .map((l) => `${l}\n`)
      .join(''),
  );
});

test('quoted passthrough with commas, doubled quotes and newlines is kept byte for byte', async () => {
  const columns = { by: 'name' as const, hasHeader: true, width: 6, featureColumns: [1, 2, 3, 4] };
  const input = `id,${HEADER},note\n1,5.1,3.5,1.4,0.2,"a, ""b""\nc"\n2,"1",1,0.5,0,plain\n3,1,1,1,x,"y"\n`;
  const r = await scoreText(input, { columns });
  assert.equal(
    r.scored.split('\n')[0],
    `id,${HEADER},note,prediction,label,probability_setosa,probability_versicolor,probability_virginica`,
  );
  assert.ok(r.scored.includes(`1,5.1,3.5,1.4,0.2,"a, ""b""\nc"${V1}`));
  assert.ok(r.scored.includes(`2,"1",1,0.5,0,plain${V2}`));
  assert.equal(r.errors, '5,"3,1,1,1,x,""y""","petal_width: not a number: ""x"""\n');
  assert.equal(r.lines, 5);
});

test('quoted feature values are numbers when their text is; doubled quotes make them text', async () => {
  const r = await scoreText(`${HEADER}\n" 5.1 ","3.5",1.4,0.2\n"5""1",1,1,1\n`);
  assert.equal(r.scored, `${OUT_HEADER}" 5.1 ","3.5",1.4,0.2${V1}`);
  assert.deepEqual([r.rowsScored, r.rowsRejected], [1, 1]);
  assert.match(r.errors, /^3,.*sepal_length: not a number/);
});

test('every spelling of a number reaches the model as Number(text) would read it (plain-decimal fast path and the general parser)', async () => {
  // Prepare: plain decimals of every shape the fast path reads, and forms it leaves to parseNumberBytes
  const plain = ['0', '-0', '7', '007', '5.', '.5', '-.5', '3.14159', '-2.5', '123456789012345', '0.000000000000001', '99999.9999999999'];
  const general = ['1e3', '-2.5E-3', '+4', ' 6.5', '6.5\t', '1234567890123456789', '0.1234567890123456789', '1.5e-7'];
  let seed = 7;
  const random = Array.from({ length: 200 }, () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const digits = String(seed).slice(0, 1 + (seed % 9));
    const point = seed % 5;
    return `${seed % 3 === 0 ? '-' : ''}${digits.slice(0, point)}.${digits.slice(point)}`;
  });
  const cells = [...plain, ...general, ...random];
  const rows = cells.map((cell) => `${cell},1,2,3`);
  const model = fakeModel();
  // Act
  const r = await scoreText(`${HEADER}\n${rows.join('\n')}\n`, { model });
  // Assert: all scored, each first feature exactly Math.fround(Number(text)), signed zero included
  assert.equal(r.rowsScored, cells.length, r.errors);
  cells.forEach((cell, i) =>
    assert.ok(Object.is(model.seen[i]![0], Math.fround(Number(cell))), `${JSON.stringify(cell)} → ${model.seen[i]![0]}`),
  );
});

test('malformed plain fields are still rejected with the general reason', async () => {
  const r = await scoreText(`${HEADER}\n1.2.3,1,1,1\n--1,1,1,1\n1-,1,1,1\n-,1,1,1\n.,1,1,1\n`);
  assert.deepEqual([r.rowsIn, r.rowsScored, r.rowsRejected], [5, 0, 5]);
  assert.deepEqual(
    r.errors
      .trim()
      .split('\n')
      .map((line) => line.replace(/^\d+,"[^"]*",/, '')),
    [
      '"sepal_length: not a number: ""1.2.3"""',
      '"sepal_length: not a number: ""--1"""',
      '"sepal_length: not a number: ""1-"""',
      '"sepal_length: not a number: ""-"""',
      '"sepal_length: not a number: ""."""',
    ],
  );
});

test('shuffled columns feed the model in feature order', async () => {
  const model = fakeModel();
  const columns = { by: 'name' as const, hasHeader: true, width: 4, featureColumns: [3, 2, 1, 0] };
  await scoreText('petal_width,petal_length,sepal_width,sepal_length\n0.2,1.4,3.5,5.1\n', { columns, model });
  assert.deepEqual(model.seen, [[Math.fround(5.1), Math.fround(3.5), Math.fround(1.4), Math.fround(0.2)]]);
});

test('CSV injection: formula cells are neutralised, negative numbers are not', async () => {
  const columns = { by: 'name' as const, hasHeader: true, width: 5, featureColumns: [0, 1, 2, 3] };
  const r = await scoreText(`${HEADER},=note\n-1,-2,-3,-4,=cmd()\n-1,2,3,4,-5\n1,1,1,1,"@x,y"\n1,1,1,1,"ok"\n`, { columns });
  const lines = r.scored.split('\n');
  assert.equal(lines[0].startsWith(`${HEADER},'=note,prediction`), true);
  assert.equal(lines[1], "-1,-2,-3,-4,'=cmd(),1,versicolor,0.25,0.5,0.25");
  assert.equal(lines[2].startsWith('-1,2,3,4,-5,'), true);
  assert.equal(lines[3].startsWith(`1,1,1,1,"'@x,y",`), true);
  assert.equal(lines[4].startsWith('1,1,1,1,"ok",'), true);
});

test('a quote inside an unquoted field or text after a closing quote rejects the row', async () => {
  const r = await scoreText(`${HEADER}\n1,2,3,ab"c"\n1,"2"x,3,4\n1,1,1,1\n`);
  assert.deepEqual([r.rowsIn, r.rowsScored, r.rowsRejected], [3, 1, 2]);
  assert.match(r.errors, /^2,.*quote inside an unquoted field/m);
  assert.match(r.errors, /^3,.*text after a closing quote/m);
});

test('an unterminated quote makes the rest of the input one rejected record (quote parity decides records)', async () => {
  const r = await scoreText(`${HEADER}\n1,1,1,1\n1,2,3,"4\n5,6,7,8\n9,9,9,9\n`);
  assert.deepEqual([r.rowsIn, r.rowsScored, r.rowsRejected, r.lines], [2, 1, 1, 5]);
  assert.match(r.errors, /^3,"1,2,3,""4\n5,6,7,8\n9,9,9,9\n",quoted field is not closed\n$/);
});

test('a record over maxRecordBytes is rejected, not fatal', async () => {
  const r = await scoreText(`${HEADER}\n1,1,1,${'9'.repeat(200)}\n1,1,1,1\n`, { maxRecordBytes: 100, pieceBytes: 16 });
  assert.deepEqual([r.rowsIn, r.rowsScored, r.rowsRejected], [2, 1, 1]);
  assert.match(r.errors, /^2,"1,1,1,9{50}.*",record longer than 100 bytes\n$/);
});

test('non-UTF-8 bytes and NUL bytes reject the row', async () => {
  const input = Buffer.concat([
    Buffer.from(`${HEADER},note\n1,1,1,1,caf`),
    Buffer.from([0xe9]),
    Buffer.from('\n1,1,1,1,ok\u00e9\n1,1,1,1,a'),
    Buffer.from([0]),
    Buffer.from('b\n'),
  ]);
  const columns = { by: 'name' as const, hasHeader: true, width: 5, featureColumns: [0, 1, 2, 3] };
  const r = await scoreText(input, { columns });
  assert.deepEqual([r.rowsIn, r.rowsScored, r.rowsRejected], [3, 1, 2]);
  assert.match(r.errors, /^2,.*record is not valid UTF-8$/m);
  assert.match(r.errors, /^4,.*NUL byte in record/m);
  assert.ok(r.scored.includes('1,1,1,1,ok\u00e9,'));
});

test('a bare CR in an unquoted record is named as the reason, before the field count it also breaks', async () => {
  const r = await scoreText(`${HEADER}\n5.1,3.5\r1.4,0.2\n1,1,1,1\n`);

  assert.deepEqual([r.rowsIn, r.rowsScored, r.rowsRejected], [2, 1, 1]);
  assert.match(r.errors, /^2,.*carriage return inside a record/s);
});

test('headerless file: first row is data on line 1, output header from feature names', async () => {
  const columns = { by: 'position' as const, hasHeader: false, width: 4, featureColumns: [0, 1, 2, 3] };
  const r = await scoreText('5.1,3.5,1.4,0.2\nbad,1,1,1\n', { columns });
  assert.equal(r.scored, `${OUT_HEADER}5.1,3.5,1.4,0.2${V1}`);
  assert.match(r.errors, /^2,/);
});

test('header only → header, no rows; empty input → nothing at all', async () => {
  const headerOnly = await scoreText(`${HEADER}\r\n`);
  assert.deepEqual([headerOnly.scored, headerOnly.rowsIn, headerOnly.errors], [OUT_HEADER, 0, '']);
  const empty = await scoreText('');
  assert.deepEqual([empty.scored, empty.rowsIn, empty.lines], ['', 0, 0]);
});

test('a later chunk has no header: its first record is data, lines are chunk-relative', async () => {
  const r = await scoreText('5.1,3.5,1.4,0.2\nx,1,1,1\n', { chunkIndex: 2 });
  assert.equal(r.scored, `5.1,3.5,1.4,0.2${V1}`);
  assert.match(r.errors, /^2,/);
});

test('batch size and read boundaries do not change the output', async () => {
  const rows = Array.from({ length: 37 }, (_, i) => `${i / 10},${(i % 7) - 3},"${i}",1e-1`);
  const input = `${HEADER}\r\n${rows.join('\r\n')}\r\nbad,1,1,1\r\n"q\nx",1,1,1\r\n`;
  const reference = await scoreText(input);
  const model = fakeModel();
  const small = await scoreText(input, { batchRows: 5, pieceBytes: 3, model });
  assert.deepEqual(small, reference);
  assert.deepEqual(model.batchSizes, [5, 5, 5, 5, 5, 5, 5, 2]);
  assert.deepEqual([reference.rowsIn, reference.rowsScored, reference.rowsRejected], [39, 37, 2]);
});

test('a model failure fails the chunk: done rejects and both streams error', async () => {
  const out = scoreChunk({
    input: Readable.from([Buffer.from(`${HEADER}\n1,1,1,1\n`)]),
    columns: BY_NAME,
    chunkIndex: 0,
    model: fakeModel(true),
    batchRows: 10,
    maxRecordBytes: 1000,
  });
  const results = await Promise.allSettled([collect(out.scored), collect(out.errors), out.done]);
  assert.deepEqual(
    results.map((r) => r.status),
    ['rejected', 'rejected', 'rejected'],
  );
  assert.match(String((results[2] as PromiseRejectedResult).reason), /session exploded/);
});

test('an input stream error fails the chunk', async () => {
  async function* broken() {
    yield Buffer.from(`${HEADER}\n1,1,1,1\n`);
    throw new Error('connection reset');
  }
  const out = scoreChunk({
    input: Readable.from(broken()),
    columns: BY_NAME,
    chunkIndex: 0,
    model: fakeModel(),
    batchRows: 10,
    maxRecordBytes: 1000,
  });
  for (const stream of [out.scored, out.errors]) stream.on('error', () => {}).resume();
  await assert.rejects(out.done, /connection reset/);
});

test('a mapping that does not fit the model is refused up front', async () => {
  const out = scoreChunk({
    input: Readable.from([]),
    columns: { by: 'position', hasHeader: true, width: 3, featureColumns: [0, 1, 2] },
    chunkIndex: 0,
    model: fakeModel(),
    batchRows: 10,
    maxRecordBytes: 1000,
  });
  for (const stream of [out.scored, out.errors]) stream.on('error', () => {}).resume();
  await assert.rejects(out.done, ModelMismatchError);
});

/** `text` in pieces of `pieceBytes`, recording how many pieces were pulled and whether the reader was closed. */
function trackedInput(text: string, pieceBytes: number) {
  const bytes = Buffer.from(text);
  const read = { pieces: 0, closed: false };
  async function* pieces(): AsyncGenerator<Uint8Array> {
    try {
      for (let at = 0; at < bytes.length; at += pieceBytes) {
        read.pieces++;
        yield bytes.subarray(at, at + pieceBytes);
      }
    } finally {
      read.closed = true;
    }
  }
  return { input: pieces(), read };
}

async function scoreRange(input: AsyncIterable<Uint8Array>, range: RecordSplitterOptions, maxRecordBytes = 1000) {
  const out = scoreChunk({ input, columns: BY_NAME, chunkIndex: 1, model: fakeModel(), batchRows: 2, maxRecordBytes, range });
  const [scored, errors, counts] = await Promise.all([collect(out.scored), collect(out.errors), out.done]);
  return { scored, errors, counts };
}

test("a range's records end at its stop: the input is read no further, and recordsEnd is just past the stop record", async () => {
  const rows = ['1,1,1,1', '1,2,3,4', '1,1,0.5,0', '9,9,9,9', '8,8,8,8'];
  const text = `${rows.join('\n')}\n`;
  const { input, read } = trackedInput(text, 4);

  const { scored, counts } = await scoreRange(input, { stopAt: 10, endsFile: false });

  assert.equal(scored, `1,1,1,1${V1}1,2,3,4${V1}`);
  assert.equal(counts.recordsEnd, 16);
  assert.equal(counts.rowsIn, 2);
  assert.ok(read.pieces <= 5, `${read.pieces} pieces of 4 bytes read for 16 bytes of records`);
  assert.equal(read.closed, true);
});

test('a read cut off inside an over-long record (endsFile false): the record is rejected, recordsEnd is null', async () => {
  const text = `1,1,1,1\n2,2,2,${'9'.repeat(300)}`;

  const { errors, counts } = await scoreRange(trackedInput(text, 64).input, { stopAt: 8, endsFile: false }, 100);

  assert.deepEqual([counts.rowsIn, counts.rowsScored, counts.rowsRejected], [2, 1, 1]);
  assert.equal(counts.recordsEnd, null);
  assert.match(errors, /^2,"2,2,2,9+…",record longer than 100 bytes\n$/);
});

test("a range's records that run to the file's end (endsFile true) end where the input does", async () => {
  const text = '1,1,1,1\n2,2,2,2';

  const { counts } = await scoreRange(trackedInput(text, 3).input, { stopAt: 8, endsFile: true });

  assert.equal(counts.recordsEnd, text.length);
  assert.equal(counts.rowsIn, 2);
});

test("firstLine: rejected rows carry their line in the chunk's numbering", async () => {
  const text = '1,1,1,1\nx,1,1,1\n';

  const { errors } = await scoreRange(trackedInput(text, 5).input, { firstLine: 7 });

  assert.match(errors, /^8,"x,1,1,1",/);
});
