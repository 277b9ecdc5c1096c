import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

// The configured model is read once per process (config() caches MODEL_PATH): this file serves a regressor.
const FIXTURE = 'test/fixtures/models/converters/lightgbm-regressor-diabetes';
process.env.MODEL_PATH = `${FIXTURE}.onnx`;
const { handler } = await import('../../../functions/predict.ts');

test('POST /predict with a regressor configured answers {"prediction": [value, ...], "model"} and nothing else', async () => {
  const oracle = JSON.parse(readFileSync(`${FIXTURE}.expected.json`, 'utf8')) as { rows: number[][]; values: number[] };

  const response = await handler({ body: JSON.stringify({ values: oracle.rows.slice(0, 2) }) });

  assert.equal(response.statusCode, 200);
  const body = JSON.parse(response.body) as { prediction: number[]; model: { name: string } };
  assert.deepEqual(Object.keys(body), ['prediction', 'model']);
  assert.equal(body.model.name, 'lightgbm-regressor-diabetes');
  body.prediction.forEach((value, r) => assert.ok(Math.abs(value - oracle.values[r]!) <= 1e-5 * Math.abs(oracle.values[r]!)));
});

test('instances are matched to the model feature names (f0..f9 when the file names none)', async () => {
  const oracle = JSON.parse(readFileSync(`${FIXTURE}.expected.json`, 'utf8')) as { rows: number[][]; values: number[] };
  const instance = Object.fromEntries(oracle.rows[0]!.map((value, i) => [`f${i}`, value]));

  const response = await handler({ body: JSON.stringify({ instances: [instance] }) });

  assert.equal(response.statusCode, 200);
  assert.ok(Math.abs((JSON.parse(response.body) as { prediction: number[] }).prediction[0]! - oracle.values[0]!) < 1e-3);
});
