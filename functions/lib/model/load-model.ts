import { readFile } from 'node:fs/promises';
import ort from 'onnxruntime-node';
import { config } from '../config.ts';
import { describeModel, type ValueShape } from './describe-model.ts';
import { readMetadataProps } from './read-metadata.ts';
import type { Model, ModelInfo, Predictions } from './types.ts';

/** One session per model path per container: created on first use, reused by every later invocation. */
const sessions = new Map<string, Promise<Model>>();

export function loadModel(path: string): Promise<Model> {
  let model = sessions.get(path);
  if (!model) {
    model = createModel(path);
    // A failed load is not cached, so a fixed file (or a transient read error) is picked up on the next call.
    model.catch(() => sessions.delete(path));
    sessions.set(path, model);
  }
  return model;
}

/** The configured model (`MODEL_PATH`). */
export function getModel(): Promise<Model> {
  return loadModel(config().modelPath);
}

async function createModel(path: string): Promise<Model> {
  const bytes = await readFile(path);
  const session = await ort.InferenceSession.create(bytes, { graphOptimizationLevel: 'all' });
  const info = describeModel({
    path,
    inputs: session.inputMetadata.map(toShape),
    outputs: session.outputMetadata.map(toShape),
    metadata: readMetadataProps(bytes),
  });
  return { info, predict: (features, rows) => run(session, info, features, rows) };
}

function toShape(meta: ort.InferenceSession.ValueMetadata): ValueShape {
  return meta.isTensor
    ? { name: meta.name, isTensor: true, type: meta.type, shape: meta.shape }
    : { name: meta.name, isTensor: false };
}

async function run(session: ort.InferenceSession, info: ModelInfo, features: Float32Array, rows: number): Promise<Predictions> {
  const input = new ort.Tensor('float32', features, [rows, info.featureCount]);
  const outputs = await session.run({ [info.inputName]: input }, [info.labelOutput, info.probabilityOutput]);
  const labels = outputs[info.labelOutput]!.data as BigInt64Array;
  const classIndex = new Int32Array(rows);
  for (let i = 0; i < rows; i++) classIndex[i] = Number(labels[i]);
  return { rows, classIndex, probabilities: outputs[info.probabilityOutput]!.data as Float32Array };
}
