import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeModel, type ModelDescription } from '../../../../../functions/lib/model/describe-model.ts';
import { UnsupportedModelError } from '../../../../../functions/lib/model/errors.ts';

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
