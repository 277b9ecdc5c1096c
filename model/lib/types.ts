/** A labelled numeric data set: `features[i]` is one row, `labels[i]` its class index. */
export interface Dataset {
  features: number[][];
  labels: number[];
  featureNames: string[];
  classNames: string[];
}

/** Hyper-parameters of full-batch gradient descent on the softmax cross-entropy loss. */
export interface TrainingOptions {
  iterations: number;
  learningRate: number;
  /** L2 penalty on the weights (not the bias); keeps separable classes (setosa) from diverging. */
  l2: number;
}

/**
 * A linear classifier in RAW feature units: logits = x · weights + bias.
 * `weights` is [features][classes], `bias` is [classes].
 */
export interface LinearClassifier {
  weights: number[][];
  bias: number[];
}

/** Per-feature mean and (population) standard deviation used to standardize inputs during training. */
export interface Standardizer {
  mean: number[];
  std: number[];
}

export interface FoldResult {
  fold: number;
  trainRows: number;
  testRows: number;
  accuracy: number;
}

export interface CrossValidationResult {
  folds: FoldResult[];
  meanAccuracy: number;
}

export interface CrossValidationOptions {
  k: number;
  seed: number;
  training: TrainingOptions;
}

/** Output tensor names of the exported graph. */
export interface OutputNames {
  label: string;
  probabilities: string;
}

/** Everything `buildClassifierOnnx` needs to write a self-describing ONNX classifier. */
export interface ClassifierOnnxSpec extends LinearClassifier {
  featureNames: string[];
  classNames: string[];
  name: string;
  version: string;
  inputName?: string;
  outputNames?: Partial<OutputNames>;
  /** Emit the probabilities as an ai.onnx.ml ZipMap (sequence(map(int64, float))) like skl2onnx's default. */
  zipmap?: boolean;
  /** The training data's range of each feature, written as `feature_ranges` metadata (`min:max,...`). */
  featureRanges?: { min: number; max: number }[];
  /** Write `metadata_props` (feature/class names, model name/version). Default true. */
  metadata?: boolean;
  producerName?: string;
  producerVersion?: string;
}
