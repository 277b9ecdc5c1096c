import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import ort from 'onnxruntime-node';
import { buildIrisArtefacts } from '../../../model/lib/iris-pipeline.ts';
import { sha256Hex } from '../../../model/lib/model-card.ts';
import { runOnnxClassifier } from '../../../model/lib/run-onnx-classifier.ts';
import { metadataOf, readModel } from '../../helpers/onnx-helpers.ts';

const modelDir = join(import.meta.dirname, '..', '..', '..', 'model');
const onnxPath = join(modelDir, 'iris.onnx');
const cardPath = join(modelDir, 'iris.json');

describe('committed model/iris.onnx', () => {
  it('predicts virginica and setosa for the reference rows', async () => {
    // Act
    const out = await runOnnxClassifier(onnxPath, [
      [5.9, 3.0, 5.1, 2.3],
      [5.1, 3.5, 1.4, 0.2],
    ]);
    // Assert
    assert.deepEqual(out.labels, [2, 0]);
    for (const p of out.probabilities) assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-5);
    assert.ok(out.probabilities[0][2] > 0.9 && out.probabilities[1][0] > 0.9);
  });

  it('exposes input [N,4] float32, label int64 [N] and probabilities float32 [N,3]', async () => {
    // Act
    const session = await ort.InferenceSession.create(onnxPath);
    // Assert
    assert.deepEqual(session.inputMetadata, [{ name: 'input', isTensor: true, type: 'float32', shape: ['N', 4] }]);
    assert.deepEqual(session.outputMetadata, [
      { name: 'label', isTensor: true, type: 'int64', shape: ['N'] },
      { name: 'probabilities', isTensor: true, type: 'float32', shape: ['N', 3] },
    ]);
    await session.release();
  });

  it('carries names, version and the training ranges of the features (min and max, cm) in metadata_props', () => {
    assert.deepEqual(metadataOf(readModel(onnxPath)), {
      model_name: 'iris',
      model_version: '1.0.0',
      feature_names: 'sepal_length,sepal_width,petal_length,petal_width',
      class_names: 'setosa,versicolor,virginica',
      feature_ranges: '4.3:7.9,2:4.4,1:6.9,0.1:2.5',
    });
  });

  it('has a model card whose sha256 matches the file', () => {
    // Act
    const card = JSON.parse(readFileSync(cardPath, 'utf8'));
    // Assert
    assert.equal(card.sha256, sha256Hex(readFileSync(onnxPath)));
    assert.equal(card.name, 'iris');
    assert.ok(card.metrics.crossValidation.meanAccuracy >= 0.93);
    assert.equal(card.metrics.crossValidation.folds.length, 5);
  });

  it('is exactly what `npm run train` produces now (not stale, no timestamps)', () => {
    // Act
    const fresh = buildIrisArtefacts();
    // Assert
    assert.ok(Buffer.from(fresh.onnx).equals(readFileSync(onnxPath)), 'iris.onnx is stale: run npm run train');
    assert.equal(fresh.card, readFileSync(cardPath, 'utf8'), 'iris.json is stale: run npm run train');
  });
});
