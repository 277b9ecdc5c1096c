/** What the service knows about a loaded classifier, read from the ONNX session and its metadata_props. */
export interface ModelInfo {
  /** `model_name` metadata, else the file's base name. */
  name: string;
  /** `model_version` metadata, else `"unknown"`. */
  version: string;
  /** Name of the single float32 `[N, F]` input. */
  inputName: string;
  /** Feature names in input order (`feature_names` metadata, else `f0..f{F-1}`). */
  featureNames: string[];
  featureCount: number;
  /** Class names by class index (`class_names` metadata, else `"0".."C-1"`). */
  classNames: string[];
  /** Output holding the class index per row (int64 `[N]`). */
  labelOutput: string;
  /** Output holding class probabilities (float32 `[N, C]`). */
  probabilityOutput: string;
}

/** Result of one batched inference call. */
export interface Predictions {
  rows: number;
  /** Class index per row. */
  classIndex: Int32Array;
  /** Probabilities, row-major `rows × classNames.length`. */
  probabilities: Float32Array;
}

/** A loaded model: one ONNX session per container, reused across invocations. */
export interface Model {
  info: ModelInfo;
  /** Scores `rows` rows packed row-major in `features` (length `rows × featureCount`) in one session run. */
  predict(features: Float32Array, rows: number): Promise<Predictions>;
}
