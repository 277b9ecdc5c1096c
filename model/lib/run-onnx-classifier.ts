import ort from 'onnxruntime-node';

export interface OnnxRunResult {
  labels: number[];
  probabilities: number[][];
}

/** Runs a tensor-output classifier through onnxruntime-node (file path or bytes). */
export async function runOnnxClassifier(
  model: string | Uint8Array,
  rows: readonly number[][],
  names = { input: 'input', label: 'label', probabilities: 'probabilities' },
): Promise<OnnxRunResult> {
  // create() is overloaded (path | bytes) and will not take the union directly.
  const session = typeof model === 'string' ? await ort.InferenceSession.create(model) : await ort.InferenceSession.create(model);
  try {
    const width = rows[0].length;
    const input = new ort.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, width]);
    const out = await session.run({ [names.input]: input });
    const labels = Array.from(out[names.label].data as BigInt64Array, Number);
    const flat = Array.from(out[names.probabilities].data as Float32Array);
    const classes = flat.length / rows.length;
    const probabilities = rows.map((_, i) => flat.slice(i * classes, (i + 1) * classes));
    return { labels, probabilities };
  } finally {
    await session.release();
  }
}
