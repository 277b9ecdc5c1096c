import { loadIris } from './iris-data.ts';
import { trainLogistic } from './train-logistic.ts';
import type { ClassifierOnnxSpec } from './types.ts';

/** Made-up weights: class c wins when feature c is the largest of the first four. */
const WIDE_SPEC: ClassifierOnnxSpec = {
  name: 'weather-wide',
  version: '0.3.1',
  inputName: 'features',
  featureNames: ['temperature', 'pressure', 'humidity', 'wind_speed', 'rainfall', 'cloud_cover'],
  classNames: ['sunny', 'cloudy', 'rainy', 'stormy'],
  weights: [
    [1, 0, 0, 0],
    [0, 1, 0, 0],
    [0, 0, 1, 0],
    [0, 0, 0, 1],
    [0.1, -0.1, 0.2, -0.2],
    [0, 0.05, 0, -0.05],
  ],
  bias: [0, 0.1, -0.1, 0],
};

/** skl2onnx LogisticRegression look-alike (no metadata_props), carrying real Iris weights so predictions mean something. */
function skl2onnxSpec(zipmap: boolean): ClassifierOnnxSpec {
  const data = loadIris();
  return {
    ...trainLogistic(data.features, data.labels, data.classNames.length),
    name: zipmap ? 'skl2onnx-zipmap' : 'skl2onnx-tensor',
    version: '0.0.0',
    featureNames: data.featureNames,
    classNames: data.classNames,
    inputName: 'float_input',
    outputNames: { label: 'output_label', probabilities: 'output_probability' },
    zipmap,
    metadata: false,
    producerName: 'skl2onnx',
    producerVersion: '1.17.0',
  };
}

/** File name → spec of every ONNX test fixture (test/fixtures/models/). */
export function fixtureSpecs(): Record<string, ClassifierOnnxSpec> {
  return {
    'wide6x4.onnx': WIDE_SPEC,
    'skl2onnx-tensor.onnx': skl2onnxSpec(false),
    'skl2onnx-zipmap.onnx': skl2onnxSpec(true),
  };
}
