import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import ort from 'onnxruntime-node';
import { buildClassifierOnnx } from '../../../model/lib/export-onnx.ts';
import { fixtureSpecs } from '../../../model/lib/fixture-specs.ts';
import { runOnnxClassifier } from '../../../model/lib/run-onnx-classifier.ts';
import { metadataOf, readModel } from '../../helpers/onnx-helpers.ts';

const dir = join(import.meta.dirname, '..', '..', 'fixtures', 'models');
const skl = { input: 'float_input', label: 'output_label', probabilities: 'output_probability' };

describe('test/fixtures/models', () => {
  it('wide6x4.onnx: 6 features, 4 classes, own metadata', async () => {
    // Act
    const out = await runOnnxClassifier(
      join(dir, 'wide6x4.onnx'),
      [
        [5, 1, 1, 1, 0, 0],
        [0, 0, 0, 9, 0, 0],
      ],
      { input: 'features', label: 'label', probabilities: 'probabilities' },
    );
    // Assert
    assert.deepEqual(out.labels, [0, 3]);
    assert.equal(out.probabilities[0].length, 4);
    assert.deepEqual(metadataOf(readModel(join(dir, 'wide6x4.onnx'))), {
      model_name: 'weather-wide',
      model_version: '0.3.1',
      feature_names: 'temperature,pressure,humidity,wind_speed,rainfall,cloud_cover',
      class_names: 'sunny,cloudy,rainy,stormy',
    });
  });

  it('skl2onnx-tensor.onnx: skl2onnx names, tensor probabilities, no metadata', async () => {
    // Act
    const out = await runOnnxClassifier(
      join(dir, 'skl2onnx-tensor.onnx'),
      [
        [5.9, 3.0, 5.1, 2.3],
        [5.1, 3.5, 1.4, 0.2],
      ],
      skl,
    );
    // Assert
    assert.deepEqual(out.labels, [2, 0]);
    assert.equal(readModel(join(dir, 'skl2onnx-tensor.onnx')).metadataProps.length, 0);
  });

  it('skl2onnx-zipmap.onnx: loads, probabilities are a non-tensor ZipMap', async () => {
    // Act
    const session = await ort.InferenceSession.create(join(dir, 'skl2onnx-zipmap.onnx'));
    // Assert
    assert.deepEqual(session.inputNames, ['float_input']);
    assert.deepEqual(
      session.outputMetadata.map((m) => [m.name, m.isTensor]),
      [
        ['output_label', true],
        ['output_probability', false],
      ],
    );
    assert.equal(readModel(join(dir, 'skl2onnx-zipmap.onnx')).metadataProps.length, 0);
    await session.release();
  });
});

describe('model/fixtures.ts output', () => {
  it('committed fixture files are exactly what the generator builds', () => {
    for (const [file, spec] of Object.entries(fixtureSpecs())) {
      assert.ok(
        Buffer.from(buildClassifierOnnx(spec)).equals(readFileSync(join(dir, file))),
        `${file} is stale: run node model/fixtures.ts`,
      );
    }
  });
});
