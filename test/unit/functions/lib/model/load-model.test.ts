import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel, UnsupportedModelError } from '../../../../../functions/lib/model/index.ts';

const IRIS = 'model/iris.onnx';
const FIXTURES = 'test/fixtures/models';

test('the Iris model: names from metadata, the classic request row classified, one session per path', async () => {
  const model = await loadModel(IRIS);

  const predictions = await model.predict(new Float32Array([5.9, 3.0, 5.1, 2.3, 5.1, 3.5, 1.4, 0.2]), 2);

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

  assert.equal(model.info.featureCount, 6);
  assert.equal(model.info.classNames.length, 4);
  assert.equal(predictions.classIndex.length, 2);
  assert.equal(predictions.probabilities.length, 8);
});

test('skl2onnx output names work when probabilities are a tensor', async () => {
  const model = await loadModel(`${FIXTURES}/skl2onnx-tensor.onnx`);

  assert.equal(model.info.labelOutput, 'output_label');
  assert.equal(model.info.probabilityOutput, 'output_probability');
  const predictions = await model.predict(new Float32Array(model.info.featureCount), 1);
  assert.equal(predictions.rows, 1);
});

test('a skl2onnx ZipMap model is refused with how to re-export it', async () => {
  await assert.rejects(
    loadModel(`${FIXTURES}/skl2onnx-zipmap.onnx`),
    (error: Error) => error instanceof UnsupportedModelError && /zipmap/i.test(error.message),
  );
});
