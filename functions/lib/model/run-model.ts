import ort from 'onnxruntime-node';
import type { Model, ModelInfo, Predictions } from './types.ts';
import { asInputType, type FeatureArray } from './feature-values.ts';
import { labelIndex, type LabelIndex } from './class-index.ts';

/** The model's predict: one session run per call; only tensor outputs are fetched (a ZipMap's maps are never computed). */
export function predictWith(session: ort.InferenceSession, info: ModelInfo): Model['predict'] {
  const classIndexes = labelIndex(info.kind === 'classifier' ? info.classLabels : undefined);
  return (features, rows) => run(session, info, classIndexes, features, rows);
}

async function run(
  session: ort.InferenceSession,
  info: ModelInfo,
  classIndexes: LabelIndex,
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
    classIndex: classIndexes(info.labelOutput, outputs[info.labelOutput]!.data, rows),
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
