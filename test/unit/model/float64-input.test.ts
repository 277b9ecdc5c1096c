/**
 * A model whose input is float64 (skl2onnx DoubleTensorType) scores the values in the file as parsed, unrounded:
 * through the CSV chunk pipeline, its predictions equal onnxruntime's own on a float64 tensor of each cell's
 * Number(text), the oracle, and differ from what float32-rounded inputs would give.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import ort from 'onnxruntime-node';
import { scoreChunk } from '../../../functions/lib/csv/chunk-pipeline.ts';
import { loadModel } from '../../../functions/lib/model/index.ts';
import type { Model } from '../../../functions/lib/model/types.ts';
import { collect } from '../functions/lib/csv/fake-model.ts';

const MODEL = 'test/fixtures/models/converters/skl2onnx-linreg-diabetes-double.onnx';

/** Rows of 10 decimals that float32 cannot hold exactly (0.1 is 0.100000001490116… as a float32). */
function rows(count: number): string[][] {
  return Array.from({ length: count }, (_, r) =>
    Array.from({ length: 10 }, (_, f) => ((((r + 1) * 7919 * (f + 3)) % 2001) / 10007 - 0.1).toFixed(9)),
  );
}

async function oracle(session: ort.InferenceSession, cells: string[][], round: (v: number) => number): Promise<number[]> {
  const data = Float64Array.from(cells.flat().map((text) => round(Number(text))));
  const out = await session.run({ [session.inputNames[0]!]: new ort.Tensor('float64', data, [cells.length, 10]) });
  return Array.from(out[session.outputNames[0]!]!.data as Float64Array);
}

/** Scores CSV text (no header, the model's 10 features in order) as one chunk; both outputs and the counts. */
async function scoreCsv(model: Model, csv: string, batchRows: number) {
  const out = scoreChunk({
    input: Readable.from([Buffer.from(csv)]),
    columns: { by: 'position', hasHeader: false, width: 10, featureColumns: [...Array(10).keys()] },
    chunkIndex: 1,
    model,
    batchRows,
    maxRecordBytes: 65536,
  });
  const [scored, errors, counts] = await Promise.all([collect(out.scored), collect(out.errors), out.done]);
  return { scored, errors, counts };
}

test('a float64 model scores the CSV values as parsed, not rounded to float32', async () => {
  // prepare
  const model = await loadModel(MODEL);
  assert.equal(model.info.inputType, 'float64');
  const cells = rows(300);
  const csv = `${cells.map((row) => row.join(',')).join('\n')}\n`;
  const session = await ort.InferenceSession.create(MODEL);

  // act: three batches of 128, the last one partial
  const { scored, errors, counts } = await scoreCsv(model, csv, 128);

  // assert
  assert.equal(errors, '');
  assert.equal(counts.rowsScored, 300);
  const printed = scored
    .trimEnd()
    .split('\n')
    .map((line) => Number(line.slice(line.lastIndexOf(',') + 1)));
  const exact = await oracle(session, cells, (v) => v);
  const rounded = await oracle(session, cells, Math.fround);
  assert.deepEqual(printed, exact);
  assert.ok(
    printed.some((value, r) => value !== rounded[r]),
    'float32-rounded inputs would have given other values: the test tells the two apart',
  );
});

test('a float64 model takes values beyond float32 that a float32 one rejects', async () => {
  const model = await loadModel(MODEL);
  const big = ['1e39', ...Array(9).fill('0.01')].join(',');
  const { scored, errors, counts } = await scoreCsv(model, `${big}\n`, 16);
  assert.equal(errors, '');
  assert.equal(counts.rowsScored, 1);
  assert.ok(Number.isFinite(Number(scored.trimEnd().split(',').pop())));
});
