import ort from 'onnxruntime-node';
import type { Model, ModelInfo, Predictions } from './types.ts';
import { asInputType, type FeatureArray } from './feature-values.ts';

/** The model's predict: one session run per call; only tensor outputs are fetched (a ZipMap's maps are never computed). */
export function predictWith(session: ort.InferenceSession, info: ModelInfo): Model['predict'] {
  const byLabel = info.kind === 'classifier' && info.classLabels ? new Map(info.classLabels.map((label, i) => [label, i])) : undefined;
  return (features, rows) => run(session, info, byLabel, features, rows);
}

async function run(
  session: ort.InferenceSession,
  info: ModelInfo,
  byLabel: LabelIndex | undefined,
  features: FeatureArray,
  rows: number,
): Promise<Predictions> {
  const data = asInputType(features, info.inputType);
  const feeds = { [info.inputName]: new ort.Tensor(info.inputType, data, [rows, info.featureCount]) };
  if (info.kind === 'regressor') {
    const outputs = await session.run(feeds, [info.valueOutput]);
    return { kind: 'regressor', rows, values: floats(outputs[info.valueOutput]!, info.valueOutput, rows) };
  }
  const outputs = await session.run(feeds, [info.labelOutput, info.probabilityOutput]);
  const probabilities = floats(outputs[info.probabilityOutput]!, info.probabilityOutput, rows * info.classNames.length);
  return {
    kind: 'classifier',
    rows,
    classIndex: classIndexes(info.labelOutput, byLabel, outputs[info.labelOutput]!, rows),
    probabilities: probabilities instanceof Float32Array ? probabilities : Float32Array.from(probabilities),
  };
}

function floats(tensor: ort.Tensor, name: string, length: number): Float32Array | Float64Array {
  const data = tensor.data;
  if (!(data instanceof Float32Array || data instanceof Float64Array) || data.length !== length) {
    throw new Error(`output "${name}" returned ${tensor.type} [${tensor.dims.join(', ')}], expected ${length} floats`);
  }
  return data;
}

type LabelIndex = Map<string | bigint, number>;

/**
 * Class index per row. The label output holds class labels (skl2onnx writes sklearn's classes_, e.g. 1, 3, 5 or
 * "barolo"); with the graph's label list they are mapped back to indexes, without one the label is the index.
 */
function classIndexes(name: string, byLabel: LabelIndex | undefined, label: ort.Tensor, rows: number): Int32Array {
  const values = label.data as BigInt64Array | string[];
  const index = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const value = values[r]!;
    const found = byLabel ? byLabel.get(value) : Number(value);
    if (found === undefined) throw new Error(`output "${name}" returned label ${String(value)}, not one of the model's classes`);
    index[r] = found;
  }
  return index;
}
