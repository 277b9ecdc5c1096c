import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeModel, type ModelDescription } from '../../../../../functions/lib/model/describe-model.ts';
import { UnsupportedModelError } from '../../../../../functions/lib/model/errors.ts';
import type { GraphNode } from '../../../../../functions/lib/model/onnx-graph.ts';

const iris: ModelDescription = {
  path: '/x/iris.onnx',
  inputs: [{ name: 'input', isTensor: true, type: 'float32', shape: ['N', 4] }],
  outputs: [
    { name: 'label', isTensor: true, type: 'int64', shape: ['N'] },
    { name: 'probabilities', isTensor: true, type: 'float32', shape: ['N', 3] },
  ],
  metadata: { feature_names: 'a,b,c,d', class_names: 'x,y,z', model_name: 'iris', model_version: '1.2.3' },
};

test('names and widths come from metadata and the tensor shapes', () => {
  const info = describeModel(iris);

  assert.deepEqual(info, {
    name: 'iris',
    version: '1.2.3',
    inputName: 'input',
    inputType: 'float32',
    featureNames: ['a', 'b', 'c', 'd'],
    featureCount: 4,
    kind: 'classifier',
    classNames: ['x', 'y', 'z'],
    labelOutput: 'label',
    probabilityOutput: 'probabilities',
  });
});

test('skl2onnx names without metadata fall back to generated names and the file name', () => {
  const info = describeModel({
    path: '/models/forest.onnx',
    inputs: [{ name: 'float_input', isTensor: true, type: 'float32', shape: ['N', 6] }],
    outputs: [
      { name: 'output_label', isTensor: true, type: 'int64', shape: ['N'] },
      { name: 'output_probability', isTensor: true, type: 'float32', shape: ['N', 2] },
    ],
    metadata: {},
  });

  assert.ok(info.kind === 'classifier');
  assert.equal(info.name, 'forest');
  assert.equal(info.version, 'unknown');
  assert.deepEqual(info.featureNames, ['f0', 'f1', 'f2', 'f3', 'f4', 'f5']);
  assert.deepEqual(info.classNames, ['0', '1']);
  assert.equal(info.probabilityOutput, 'output_probability');
});

test('a ZipMap probability output is refused with how to re-export', () => {
  const zipmap = { ...iris, outputs: [iris.outputs[0]!, { name: 'output_probability', isTensor: false }] };

  assert.throws(
    () => describeModel(zipmap),
    (error: Error) => error instanceof UnsupportedModelError && /ZipMap/.test(error.message) && /zipmap.*False/.test(error.message),
  );
});

test('inconsistent metadata and unsupported inputs are refused', () => {
  assert.throws(() => describeModel({ ...iris, metadata: { feature_names: 'a,b' } }), /2 feature names but the tensor has 4/);
  assert.throws(
    () => describeModel({ ...iris, inputs: [{ name: 'i', isTensor: true, type: 'int64', shape: ['N', 4] }] }),
    UnsupportedModelError,
  );
  assert.throws(() => describeModel({ ...iris, inputs: [] }), /one float32/);
});

const zipMapNode = (classlabels: Partial<Pick<GraphNode, 'ints' | 'strings'>>): GraphNode => ({
  opType: 'ZipMap',
  domain: 'ai.onnx.ml',
  inputs: ['probabilities'],
  outputs: ['output_probability'],
  ints: {},
  strings: {},
  ...classlabels,
});

const skl2onnxZipMap: ModelDescription = {
  path: '/m/wine.onnx',
  inputs: [{ name: 'float_input', isTensor: true, type: 'float32', shape: ['', 2] }],
  outputs: [
    { name: 'output_label', isTensor: true, type: 'string', shape: [''] },
    { name: 'output_probability', isTensor: false },
  ],
  metadata: {},
  nodes: [zipMapNode({ strings: { classlabels_strings: ['barbera', 'barolo', 'grignolino'] } })],
};

test("a ZipMap classifier: probabilities from the ZipMap's input, class names and labels from its classlabels", () => {
  const info = describeModel(skl2onnxZipMap);

  assert.ok(info.kind === 'classifier');
  assert.equal(info.probabilityOutput, 'probabilities');
  assert.deepEqual(info.classNames, ['barbera', 'barolo', 'grignolino']);
  assert.deepEqual(info.classLabels, ['barbera', 'barolo', 'grignolino']);
  assert.deepEqual(info.featureNames, ['f0', 'f1']);
});

test('class_names metadata names the classes; the graph labels still index the label output', () => {
  const info = describeModel({
    ...skl2onnxZipMap,
    outputs: [{ name: 'output_label', isTensor: true, type: 'int64', shape: [''] }, skl2onnxZipMap.outputs[1]!],
    metadata: { class_names: 'one,three' },
    nodes: [zipMapNode({ ints: { classlabels_int64s: [1n, 3n] } })],
  });

  assert.ok(info.kind === 'classifier');
  assert.deepEqual(info.classNames, ['one', 'three']);
  assert.deepEqual(info.classLabels, [1n, 3n]);
});

test('a regressor: one float output of one value per row, [N, 1] or [N]', () => {
  const regressor = { ...iris, metadata: {}, outputs: [{ name: 'variable', isTensor: true, type: 'float32', shape: ['', 1] }] };

  assert.deepEqual(describeModel(regressor), {
    name: 'iris',
    version: 'unknown',
    inputName: 'input',
    inputType: 'float32',
    featureNames: ['f0', 'f1', 'f2', 'f3'],
    featureCount: 4,
    kind: 'regressor',
    valueOutput: 'variable',
  });
  assert.equal(describeModel({ ...regressor, outputs: [{ name: 'y', isTensor: true, type: 'float64', shape: ['N'] }] }).kind, 'regressor');
});

test('feature names given by the caller win over metadata and are checked against the width', () => {
  assert.deepEqual(describeModel(iris, { featureNames: ['p', 'q', 'r', 's'] }).featureNames, ['p', 'q', 'r', 's']);
  assert.throws(() => describeModel(iris, { featureNames: ['p'] }), /1 feature names but the tensor has 4/);
});

test('what is still not served is refused, each message saying what to export', () => {
  const refused = (description: ModelDescription, pattern: RegExp) =>
    assert.throws(
      () => describeModel(description),
      (e: Error) => e instanceof UnsupportedModelError && pattern.test(e.message),
    );
  const input = iris.inputs[0]!;

  refused({ ...iris, inputs: [input, { ...input, name: 'extra' }] }, /2 inputs \("input", "extra"\).*single input/);
  refused({ ...iris, inputs: [{ ...input, type: 'string' }] }, /holds strings.*encode/);
  refused({ ...iris, inputs: [{ ...input, shape: ['N', 2, 2] }] }, /shape \[N, 2, 2\].*FloatTensorType/);
  refused({ ...iris, outputs: [{ name: 'scores', isTensor: true, type: 'int32', shape: ['N', 3] }] }, /neither|classifier.*or a regressor/);
  refused(
    { ...iris, outputs: [{ name: 'variable', isTensor: true, type: 'float32', shape: ['N', 3] }] },
    /3 values per row.*single-target/,
  );
  refused({ ...iris, outputs: [iris.outputs[0]!] }, /label output "label" but no float \[N, classes\] probabilities/);
  refused({ ...skl2onnxZipMap, nodes: [] }, /no ZipMap writes it.*zipmap/);
  refused({ ...skl2onnxZipMap, nodes: [zipMapNode({})] }, /holds strings but the graph names no class labels/);
  refused(
    { ...skl2onnxZipMap, outputs: [...skl2onnxZipMap.outputs, { name: 'probabilities', isTensor: true, type: 'float32', shape: ['', 2] }] },
    /3 class labels but the probabilities have 2 columns/,
  );
});
