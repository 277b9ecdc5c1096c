import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ort from 'onnxruntime-node';
import { OnnxExportError } from '../../../model/lib/errors.ts';
import { buildClassifierOnnx } from '../../../model/lib/export-onnx.ts';
import { argMax, logits, softmax } from '../../../model/lib/linear-predict.ts';
import { runOnnxClassifier } from '../../../model/lib/run-onnx-classifier.ts';
import type { ClassifierOnnxSpec } from '../../../model/lib/types.ts';
import { decodeModel, graphOf, metadataOf } from '../../helpers/onnx-helpers.ts';

const spec: ClassifierOnnxSpec = {
  name: 'tiny',
  version: '2.1.0',
  featureNames: ['a', 'b'],
  classNames: ['x', 'y', 'z'],
  weights: [
    [1, -1, 0.5],
    [-0.5, 2, 0.25],
  ],
  bias: [0.1, 0, -0.1],
};
const rows = [
  [1, 0],
  [0, 1],
  [3, 3],
];

describe('buildClassifierOnnx', () => {
  it('gives identical bytes for identical specs', () => {
    assert.deepEqual(buildClassifierOnnx(spec), buildClassifierOnnx(structuredClone(spec)));
  });

  it('writes opset 13, names, shapes and metadata_props', () => {
    // Act
    const model = decodeModel(buildClassifierOnnx(spec));
    // Assert
    assert.equal(Number(model.irVersion), 8);
    assert.deepEqual(
      model.opsetImport.map((o) => [o.domain, Number(o.version)]),
      [['', 13]],
    );
    assert.deepEqual(metadataOf(model), {
      model_name: 'tiny',
      model_version: '2.1.0',
      feature_names: 'a,b',
      class_names: 'x,y,z',
    });
    assert.equal(Number(model.modelVersion), 2);
    assert.deepEqual(
      graphOf(model).node.map((n) => n.opType),
      ['MatMul', 'Add', 'Softmax', 'ArgMax'],
    );
    assert.deepEqual(
      graphOf(model).input.map((i) => i.name),
      ['input'],
    );
    assert.deepEqual(
      graphOf(model).output.map((o) => o.name),
      ['label', 'probabilities'],
    );
  });

  it('runs in onnxruntime-node and matches the float64 maths', async () => {
    // Act
    const out = await runOnnxClassifier(buildClassifierOnnx(spec), rows);
    // Assert
    rows.forEach((row, i) => {
      const expected = softmax(logits(spec, row));
      assert.equal(out.labels[i], argMax(expected));
      expected.forEach((p, c) => assert.ok(Math.abs(out.probabilities[i][c] - p) < 1e-6));
    });
  });

  it('honours custom input/output names and can omit metadata', async () => {
    // Prepare
    const names = { input: 'float_input', label: 'output_label', probabilities: 'output_probability' };
    const bytes = buildClassifierOnnx({
      ...spec,
      inputName: names.input,
      metadata: false,
      outputNames: { label: names.label, probabilities: names.probabilities },
    });
    // Act
    const out = await runOnnxClassifier(bytes, rows, names);
    // Assert
    assert.equal(decodeModel(bytes).metadataProps.length, 0);
    assert.equal(out.labels.length, 3);
  });

  it('emits an ai.onnx.ml ZipMap that onnxruntime loads as a non-tensor output', async () => {
    // Act
    const bytes = buildClassifierOnnx({ ...spec, zipmap: true });
    const session = await ort.InferenceSession.create(bytes);
    // Assert
    const model = decodeModel(bytes);
    assert.ok(model.opsetImport.some((o) => o.domain === 'ai.onnx.ml' && Number(o.version) === 1));
    assert.equal(graphOf(model).node.at(-1)?.opType, 'ZipMap');
    const probs = session.outputMetadata.find((m) => m.name === 'probabilities');
    assert.equal(probs?.isTensor, false);
    await session.release();
  });

  it('rejects inconsistent shapes and comma names', () => {
    assert.throws(() => buildClassifierOnnx({ ...spec, bias: [0, 0] }), OnnxExportError);
    assert.throws(() => buildClassifierOnnx({ ...spec, weights: [[1, 2, 3]] }), /weights must be \[2\]\[3\]/);
    assert.throws(() => buildClassifierOnnx({ ...spec, classNames: ['x,1', 'y', 'z'] }), /comma/);
    assert.throws(() => buildClassifierOnnx({ ...spec, bias: [0, Number.NaN, 0] }), /finite/);
  });
});
