import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel, UnsupportedModelError } from '../../../../../functions/lib/model/index.ts';

const IRIS = 'model/iris.onnx';
const FIXTURES = 'test/fixtures/models';

test('the Iris model: names from metadata, the classic request row classified, one session per path', async () => {
  const model = await loadModel(IRIS);

  const predictions = await model.predict(new Float32Array([5.9, 3.0, 5.1, 2.3, 5.1, 3.5, 1.4, 0.2]), 2);

  assert.ok(model.info.kind === 'classifier' && predictions.kind === 'classifier');
  assert.deepEqual(model.info.featureNames, ['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
  assert.deepEqual(model.info.classNames, ['setosa', 'versicolor', 'virginica']);
  assert.equal(model.info.name, 'iris');
  assert.deepEqual(Array.from(predictions.classIndex), [2, 0]);
  assert.equal(predictions.probabilities.length, 6);
  assert.ok(Math.abs(predictions.probabilities.subarray(0, 3).reduce((a, b) => a + b) - 1) < 1e-5);
  assert.equal(await loadModel(IRIS), model);
});

test('a model of another width is served by what the session says', async () => {
  const model = await loadModel(`${FIXTURES}/wide6x4.onnx`);

  const predictions = await model.predict(new Float32Array(12).fill(1), 2);

  assert.ok(model.info.kind === 'classifier' && predictions.kind === 'classifier');
  assert.equal(model.info.featureCount, 6);
  assert.equal(model.info.classNames.length, 4);
  assert.equal(predictions.classIndex.length, 2);
  assert.equal(predictions.probabilities.length, 8);
});

test('skl2onnx output names work when probabilities are a tensor', async () => {
  const model = await loadModel(`${FIXTURES}/skl2onnx-tensor.onnx`);

  assert.ok(model.info.kind === 'classifier');
  assert.equal(model.info.labelOutput, 'output_label');
  assert.equal(model.info.probabilityOutput, 'output_probability');
  const predictions = await model.predict(new Float32Array(model.info.featureCount), 1);
  assert.equal(predictions.rows, 1);
});

test('a skl2onnx ZipMap model is served from the tensor its ZipMap reads', async () => {
  const model = await loadModel(`${FIXTURES}/skl2onnx-zipmap.onnx`);

  const predictions = await model.predict(new Float32Array([5.9, 3.0, 5.1, 2.3]), 1);

  assert.ok(model.info.kind === 'classifier' && predictions.kind === 'classifier');
  assert.equal(model.info.labelOutput, 'output_label');
  assert.notEqual(model.info.probabilityOutput, 'output_probability');
  assert.deepEqual(Array.from(predictions.classIndex), [2]);
  assert.ok(Math.abs(predictions.probabilities.reduce((a, b) => a + b) - 1) < 1e-5);
});

test('feature names given by the caller replace the generated ones; a wrong count is refused', async () => {
  const names = ['sepal length', 'sepal width', 'petal length', 'petal width'];

  const named = await loadModel(`${FIXTURES}/skl2onnx-tensor.onnx`, { featureNames: names });

  assert.deepEqual(named.info.featureNames, names);
  assert.deepEqual((await loadModel(`${FIXTURES}/skl2onnx-tensor.onnx`)).info.featureNames, ['f0', 'f1', 'f2', 'f3']);
  await assert.rejects(
    loadModel(`${FIXTURES}/skl2onnx-tensor.onnx`, { featureNames: ['a', 'b'] }),
    (error: Error) => error instanceof UnsupportedModelError && /2 feature names but the tensor has 4/.test(error.message),
  );
});
