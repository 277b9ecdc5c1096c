import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { scoreChunk } from '../../../../../functions/lib/csv/chunk-pipeline.ts';
import type { ColumnMapping } from '../../../../../functions/lib/csv/types.ts';
import { loadModel } from '../../../../../functions/lib/model/index.ts';
import type { Model } from '../../../../../functions/lib/model/index.ts';
import { collect } from './fake-model.ts';

const DIR = 'test/fixtures/models/converters';

interface Oracle {
  rows: number[][];
  labels?: string[];
  values?: number[];
}

function oracle(name: string): Oracle {
  return JSON.parse(readFileSync(`${DIR}/${name}.expected.json`, 'utf8')) as Oracle;
}

async function scoreCsv(model: Model, csv: string, hasHeader = true): Promise<string[]> {
  const width = model.info.featureCount;
  const columns: ColumnMapping = { by: hasHeader ? 'name' : 'position', hasHeader, width, featureColumns: [...Array(width).keys()] };
  const out = scoreChunk({ input: Readable.from([Buffer.from(csv)]), columns, chunkIndex: 0, model, batchRows: 4, maxRecordBytes: 65536 });
  const [scored] = await Promise.all([collect(out.scored), collect(out.errors), out.done]);
  return scored.split('\n');
}

test('a regressor adds one prediction column: the value as the shortest decimal that reads back as its float32', async () => {
  const expected = oracle('skl2onnx-linreg-diabetes');
  const model = await loadModel(`${DIR}/skl2onnx-linreg-diabetes.onnx`);
  const header = model.info.featureNames.join(',');
  const records = expected.rows.map((row) => row.join(','));

  const lines = await scoreCsv(model, `${header}\n${records.join('\n')}\n`);

  const direct = await model.predict(Float32Array.from(expected.rows.flat()), records.length);
  assert.ok(direct.kind === 'regressor');
  assert.equal(lines[0], `${header},prediction`);
  assert.equal(lines.length, records.length + 2);
  records.forEach((record, r) => {
    const line = lines[r + 1]!;
    assert.ok(line.startsWith(`${record},`), line);
    const text = line.slice(record.length + 1);
    assert.match(text, /^-?\d+(\.\d+)?$/);
    assert.ok(text.replace(/[-.]/g, '').replace(/^0+/, '').length <= 9, `${text}: more digits than a float32 holds`);
    assert.equal(Math.fround(Number(text)), direct.values[r]);
    assert.ok(Math.abs(Number(text) - expected.values![r]!) <= 1e-5 * Math.abs(expected.values![r]!));
  });
});

test('a headerless file scored by a regressor gets the model feature names and prediction as its header', async () => {
  const expected = oracle('xgboost-regressor-diabetes');
  const model = await loadModel(`${DIR}/xgboost-regressor-diabetes.onnx`);

  const lines = await scoreCsv(model, `${expected.rows[0]!.join(',')}\n`, false);

  assert.equal(lines[0], 'f0,f1,f2,f3,f4,f5,f6,f7,f8,f9,prediction');
  assert.ok(Math.abs(Number(lines[1]!.split(',').at(-1)) - expected.values![0]!) < 1e-3);
});

test('string classes: prediction is the class index, label the class string, one probability column per class', async () => {
  const expected = oracle('skl2onnx-logreg-wine-strings');
  const model = await loadModel(`${DIR}/skl2onnx-logreg-wine-strings.onnx`);
  const header = model.info.featureNames.join(',');
  const records = expected.rows.map((row) => row.join(','));

  const lines = await scoreCsv(model, `${header}\n${records.join('\n')}\n`);

  assert.equal(lines[0], `${header},prediction,label,probability_barbera,probability_barolo,probability_grignolino`);
  const classes = ['barbera', 'barolo', 'grignolino'];
  records.forEach((record, r) => {
    const tail = lines[r + 1]!.slice(record.length + 1).split(',');
    assert.deepEqual(tail.slice(0, 2), [String(classes.indexOf(expected.labels![r]!)), expected.labels![r]]);
    assert.equal(tail.length, 5);
  });
});
