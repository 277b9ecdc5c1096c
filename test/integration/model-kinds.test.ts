/**
 * Models other than the Iris classifier, end to end on the local stack (MODEL_PATH set in the function's environment):
 * a regressor and a string-class ZipMap classifier answer POST /predict and score an uploaded CSV.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { startTestStack, type TestStack } from '../helpers/local-stack.ts';

const DIR = 'test/fixtures/models/converters';

interface Oracle {
  rows: number[][];
  labels?: string[];
  values?: number[];
}

const oracle = (name: string): Oracle => JSON.parse(readFileSync(`${DIR}/${name}.expected.json`, 'utf8')) as Oracle;

function csvOf(rows: number[][]): string {
  const header = rows[0]!.map((_, i) => `f${i}`).join(',');
  return `id,${header}\n${rows.map((row, r) => `${r + 1},${row.join(',')}`).join('\n')}\n`;
}

async function predict(t: TestStack, values: number[][]): Promise<Record<string, unknown>> {
  const response = await fetch(`${t.stack.apiUrl}/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ values }),
  });
  assert.equal(response.status, 200);
  return (await response.json()) as Record<string, unknown>;
}

describe('a regressor as the configured model', () => {
  const name = 'lightgbm-regressor-diabetes';
  const expected = oracle(name);
  let t: TestStack;
  before(async () => {
    t = await startTestStack({ environment: { MODEL_PATH: resolve(`${DIR}/${name}.onnx`) } });
  });
  after(() => t.stop());

  test('POST /predict answers one value per row', async () => {
    const body = await predict(t, expected.rows.slice(0, 2));

    assert.deepEqual(Object.keys(body), ['prediction', 'model']);
    (body.prediction as number[]).forEach((v, r) => assert.ok(Math.abs(v - expected.values![r]!) <= 1e-5 * expected.values![r]!));
  });

  test('scored.csv keeps each row and adds a prediction column', async () => {
    await t.put('input', 'diabetes.csv', csvOf(expected.rows));

    const summary = await t.waitForSummary('diabetes.csv');

    assert.equal(summary.status, 'SUCCEEDED', summary.reason);
    const text = await t.getText('output', 'diabetes.scored.csv');
    assert.equal(text.split('\n')[0], `id,${expected.rows[0]!.map((_, i) => `f${i}`).join(',')},prediction`);
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    assert.equal(rows.length, expected.rows.length);
    rows.forEach((row, r) => assert.ok(Math.abs(Number(row.prediction) - expected.values![r]!) <= 1e-5 * expected.values![r]!));
  });
});

describe('a skl2onnx classifier with string classes and the default ZipMap as the configured model', () => {
  const name = 'skl2onnx-logreg-wine-strings';
  const expected = oracle(name);
  const classes = ['barbera', 'barolo', 'grignolino'];
  let t: TestStack;
  before(async () => {
    t = await startTestStack({ environment: { MODEL_PATH: resolve(`${DIR}/${name}.onnx`) } });
  });
  after(() => t.stop());

  test('POST /predict answers class indexes, class names and probabilities', async () => {
    const body = await predict(t, expected.rows);

    assert.deepEqual(body.labels, expected.labels);
    assert.deepEqual(
      body.prediction,
      expected.labels!.map((label) => classes.indexOf(label)),
    );
  });

  test('scored.csv has the class string as label and a probability column per class', async () => {
    await t.put('input', 'wine.csv', csvOf(expected.rows));

    const summary = await t.waitForSummary('wine.csv');

    assert.equal(summary.status, 'SUCCEEDED', summary.reason);
    const rows = parse(await t.getText('output', 'wine.scored.csv'), { columns: true }) as Record<string, string>[];
    assert.deepEqual(
      rows.map((row) => row.label),
      expected.labels,
    );
    assert.ok(classes.every((c) => `probability_${c}` in rows[0]!));
  });
});
