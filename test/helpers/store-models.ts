import { buildClassifierOnnx } from '../../model/lib/export-onnx.ts';
import { IRIS_FEATURE_NAMES } from '../../model/lib/iris-data.ts';

/**
 * A small Iris-shaped classifier (4 features, 3 classes) for model-store tests: petal length alone decides
 * (class 0 below 3 cm, class 2 above), so the classic rows [5.9, 3.0, 5.1, 2.3] → 2 and [5.1, 3.5, 1.4, 0.2] → 0
 * whatever the class names; versions differ in their names and class names, so an answer shows which one ran.
 */
export function irisShapedOnnx(version: string, classNames = ['small', 'medium', 'large']): Uint8Array {
  return buildClassifierOnnx({
    name: 'petals',
    version,
    featureNames: [...IRIS_FEATURE_NAMES],
    classNames,
    weights: [
      [0, 0, 0],
      [0, 0, 0],
      [-1, 0, 1],
      [0, 0, 0],
    ],
    bias: [3, 0, -3],
  });
}

/**
 * A challenger to irisShapedOnnx with the same features and class names that decides by sepal length instead
 * (class 0 below 5.5 cm, class 2 above): the two agree on the classic rows and disagree where only one length is long.
 */
export function sepalShapedOnnx(version: string, featureNames: readonly string[] = IRIS_FEATURE_NAMES): Uint8Array {
  return buildClassifierOnnx({
    name: 'sepals',
    version,
    featureNames: [...featureNames],
    classNames: ['small', 'medium', 'large'],
    weights: [
      [-1, 0, 1],
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ],
    bias: [5.5, 0, -5.5],
  });
}
