import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadModel } from '../../../functions/lib/model/index.ts';
import type { ModelInfo } from '../../../functions/lib/model/index.ts';

const DIR = 'test/fixtures/models/converters';
const TOLERANCE = 1e-5;

/** What model/converter-fixtures.py wrote next to each model: scikit-learn's (or XGBoost's) own predictions. */
type Expected =
  | { model: string; kind: 'classifier'; classNames: string[]; rows: number[][]; labels: (number | string)[]; probabilities: number[][] }
  | { model: string; kind: 'regressor'; rows: number[][]; values: number[] };

function expected(name: string): Expected {
  return JSON.parse(readFileSync(`${DIR}/${name}.expected.json`, 'utf8')) as Expected;
}

/** The fixture's rows scored by the service's model code, compared with the oracle. */
async function scoresLikeTheOracle(name: string): Promise<ModelInfo> {
  const oracle = expected(name);
  const model = await loadModel(`${DIR}/${oracle.model}`);
  const rows = oracle.rows.length;

  const predictions = await model.predict(Float32Array.from(oracle.rows.flat()), rows);

  assert.equal(model.info.kind, oracle.kind);
  assert.equal(model.info.featureCount, oracle.rows[0]!.length);
  if (oracle.kind === 'regressor') {
    assert.ok(predictions.kind === 'regressor');
    oracle.values.forEach((value, r) => {
      const got = predictions.values[r]!;
      assert.ok(Math.abs(got - value) <= TOLERANCE * Math.max(1, Math.abs(value)), `row ${r}: ${got} vs ${value}`);
    });
    return model.info;
  }
  assert.ok(model.info.kind === 'classifier' && predictions.kind === 'classifier');
  assert.deepEqual(model.info.classNames, oracle.classNames);
  const classes = oracle.classNames.length;
  assert.deepEqual(
    Array.from(predictions.classIndex),
    oracle.labels.map((label) => oracle.classNames.indexOf(String(label))),
  );
  oracle.probabilities.forEach((row, r) =>
    row.forEach((p, c) => {
      const got = predictions.probabilities[r * classes + c]!;
      assert.ok(Math.abs(got - p) <= TOLERANCE, `row ${r} class ${c}: ${got} vs ${p}`);
    }),
  );
  return model.info;
}

describe('skl2onnx layouts, scored like scikit-learn', () => {
  it('LogisticRegression with the default ZipMap: probabilities read from the tensor the ZipMap reads', async () => {
    const info = await scoresLikeTheOracle('skl2onnx-logreg-iris-zipmap');

    assert.ok(info.kind === 'classifier');
    assert.equal(info.inputName, 'float_input');
    assert.equal(info.labelOutput, 'output_label');
    assert.equal(info.probabilityOutput, 'probabilities');
    assert.deepEqual(info.featureNames, ['f0', 'f1', 'f2', 'f3']);
  });

  it('LogisticRegression with zipmap=False: tensor outputs label and probabilities', async () => {
    const info = await scoresLikeTheOracle('skl2onnx-logreg-iris-nozipmap');

    assert.ok(info.kind === 'classifier');
    assert.deepEqual([info.labelOutput, info.probabilityOutput], ['label', 'probabilities']);
  });

  it('string classes (Scaler + LinearClassifier + ZipMap of classlabels_strings): the string label maps to its class index', async () => {
    const info = await scoresLikeTheOracle('skl2onnx-logreg-wine-strings');

    assert.ok(info.kind === 'classifier');
    assert.deepEqual(info.classNames, ['barbera', 'barolo', 'grignolino']);
    assert.equal(info.featureCount, 13);
  });

  it('binary LogisticRegression on 30 features (LOGISTIC LinearClassifier, ZipMap)', async () => {
    const info = await scoresLikeTheOracle('skl2onnx-logreg-cancer-binary');

    assert.equal(info.featureCount, 30);
  });

  it('LogisticRegression with DoubleTensorType: float64 in and out, string labels picked from the classes initializer', async () => {
    const info = await scoresLikeTheOracle('skl2onnx-logreg-iris-double-strings');

    assert.ok(info.kind === 'classifier');
    assert.equal(info.inputType, 'float64');
    assert.deepEqual(info.classLabels, ['setosa', 'versicolor', 'virginica']);
  });

  it('LinearRegression: LinearRegressor → variable [None, 1] is a regressor', async () => {
    const info = await scoresLikeTheOracle('skl2onnx-linreg-diabetes');

    assert.ok(info.kind === 'regressor');
    assert.equal(info.valueOutput, 'variable');
    assert.equal(info.inputType, 'float32');
  });

  it('LinearRegression exported with DoubleTensorType: float64 input and output', async () => {
    const info = await scoresLikeTheOracle('skl2onnx-linreg-diabetes-double');

    assert.equal(info.inputType, 'float64');
    assert.equal(info.inputName, 'double_input');
  });
});

describe('onnxmltools layouts, scored like the fitted trees', () => {
  it('LightGBM classifier, 5 classes labelled 1,3,5,7,9 on 64 features: labels map back to class indexes', async () => {
    const info = await scoresLikeTheOracle('lightgbm-digits-5-classes');

    assert.ok(info.kind === 'classifier');
    assert.deepEqual(info.classNames, ['1', '3', '5', '7', '9']);
    assert.deepEqual([info.labelOutput, info.probabilityOutput], ['label', 'lgbmprobabilities']);
  });

  it('LightGBM regressor: TreeEnsembleRegressor → Identity → variable', async () => {
    const info = await scoresLikeTheOracle('lightgbm-regressor-diabetes');

    assert.equal(info.kind, 'regressor');
  });

  it('XGBoost binary classifier: TreeEnsembleClassifier label and probabilities, batch dimension N', async () => {
    const info = await scoresLikeTheOracle('xgboost-cancer-binary');

    assert.ok(info.kind === 'classifier');
    assert.deepEqual(info.classNames, ['0', '1']);
    assert.equal(info.inputName, 'input');
  });

  it('XGBoost regressor: TreeEnsembleRegressor with base_values', async () => {
    const info = await scoresLikeTheOracle('xgboost-regressor-diabetes');

    assert.equal(info.kind, 'regressor');
  });
});
