/** The training data cannot be used (empty, ragged, unknown labels, too few rows per class). */
export class TrainingDataError extends Error {
  override name = 'TrainingDataError';
}

/** The classifier spec is inconsistent (weight shape vs. feature/class names). */
export class OnnxExportError extends Error {
  override name = 'OnnxExportError';
}
