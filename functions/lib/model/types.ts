import type { FeatureArray } from './feature-values.ts';
/** What the service knows about a loaded model, read from the ONNX session, its graph and its metadata_props. */
export type ModelInfo = ClassifierInfo | RegressorInfo;
export type ModelKind = ModelInfo['kind'];

interface ModelInfoBase {
  /** `model_name` metadata, else the file's base name. */
  name: string;
  /** `model_version` metadata, else `"unknown"`. */
  version: string;
  /** Name of the single `[N, F]` input. */
  inputName: string;
  /** Element type of that input: rows are parsed into float32, or into float64 (skl2onnx DoubleTensorType; feature-values.ts). */
  inputType: 'float32' | 'float64';
  /** Feature names in input order (given by the caller, else `feature_names` metadata, else `f0..f{F-1}`). */
  featureNames: string[];
  featureCount: number;
  /** The training data's range of each feature, in input order (`feature_ranges` metadata), when the model says. */
  featureRanges?: FeatureRange[];
}

/** The smallest and largest value a feature took in the training data: a hint for clients, never a check. */
export interface FeatureRange {
  min: number;
  max: number;
}

export interface ClassifierInfo extends ModelInfoBase {
  kind: 'classifier';
  /** Class names by class index (`class_names` metadata, else the graph's class labels, else `"0".."C-1"`). */
  classNames: string[];
  /** Output holding the predicted class per row (int64 or string `[N]`). */
  labelOutput: string;
  /**
   * Output holding class probabilities (float `[N, C]`). For a ZipMap model, the ZipMap's input tensor, which the
   * loader adds to the graph's outputs (onnxruntime-node cannot return ZipMap's sequence of maps).
   */
  probabilityOutput: string;
  /**
   * What the label output holds per class index, when the graph says (ZipMap or classifier node `classlabels_*`):
   * the label output is mapped back to class indices through it. Absent: the label output is the class index.
   */
  classLabels?: readonly (string | bigint)[];
}

export interface RegressorInfo extends ModelInfoBase {
  kind: 'regressor';
  /** Output holding one value per row (float `[N]` or `[N, 1]`). */
  valueOutput: string;
}

/** Result of one batched inference call. */
export type Predictions = ClassifierPredictions | RegressorPredictions;

export interface ClassifierPredictions {
  kind: 'classifier';
  rows: number;
  /** Class index per row (into `classNames`). */
  classIndex: Int32Array;
  /** Probabilities, row-major `rows × classNames.length` (a float64 output is narrowed: it is printed to 6 decimals). */
  probabilities: Float32Array;
}

export interface RegressorPredictions {
  kind: 'regressor';
  rows: number;
  /** One value per row, in the output's own precision (printed as the shortest text that reads back the same). */
  values: Float32Array | Float64Array;
}

/** A loaded model: one ONNX session per container, reused across invocations. */
export interface Model {
  info: ModelInfo;
  /** Scores `rows` rows packed row-major in `features` (length `rows × featureCount`) in one session run. */
  predict(features: FeatureArray, rows: number): Promise<Predictions>;
}

/** What the caller knows about the model beyond its file (a model card). */
export interface ModelOptions {
  /** Feature names in input order; override `feature_names` metadata. Must match the input's width when it is fixed. */
  featureNames?: readonly string[];
}
