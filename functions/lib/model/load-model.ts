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

/**
 * Forgets the session of `path` and releases its native memory (the model store evicting a version). The caller makes
 * sure nothing still runs it: a Lambda environment serves one invocation at a time.
 */
export async function unloadModel(path: string): Promise<void> {
  const model = sessions.get(path);
  sessions.delete(path);
  const loaded = await model?.catch(() => undefined);
  if (loaded) await releases.get(loaded)?.();
}

/** Each loaded model's session release, for unloadModel (Model itself stays a plain info + predict pair). */
const releases = new WeakMap<Model, () => Promise<void>>();

/** The configured model (`MODEL_PATH`). */
export function getModel(): Promise<Model> {
  return loadModel(config().modelPath);
}

/**
 * One thread per session: a Lambda environment runs one invocation at a time, and batches of a few thousand rows
 * of a small model take ~50 µs per 1,000 rows on one thread, less than waking and spinning a pool costs
 * (measured: default pool 60–330 ms per 1M rows with outliers under load, one thread 50–60 ms). On a box that runs
 * several environments side by side, spinning pool threads also steal the CPU the CSV work needs.
 * No CPU memory arena: the arena keeps its high-water mark for the life of the environment; the tensors here are
 * small and short-lived, so plain allocation costs nothing measurable and keeps the instance's RSS lower.
 */
const SESSION_OPTIONS: ort.InferenceSession.SessionOptions = {
  graphOptimizationLevel: 'all',
  executionMode: 'sequential',
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  enableCpuMemArena: false,
};

async function createModel(path: string): Promise<Model> {
  const bytes = await readFile(path);
  const session = await ort.InferenceSession.create(bytes, SESSION_OPTIONS);
  const info = describeModel({
    path,
    inputs: session.inputMetadata.map(toShape),
    outputs: session.outputMetadata.map(toShape),
    metadata: readMetadataProps(bytes),
  });
  const model: Model = { info, predict: (features, rows) => run(session, info, features, rows) };
  releases.set(model, () => session.release());
  return model;
}

function toShape(meta: ort.InferenceSession.ValueMetadata): ValueShape {
  return meta.isTensor ? { name: meta.name, isTensor: true, type: meta.type, shape: meta.shape } : { name: meta.name, isTensor: false };
}

async function run(session: ort.InferenceSession, info: ModelInfo, features: Float32Array, rows: number): Promise<Predictions> {
  const input = new ort.Tensor('float32', features, [rows, info.featureCount]);
  const outputs = await session.run({ [info.inputName]: input }, [info.labelOutput, info.probabilityOutput]);
  const labels = outputs[info.labelOutput]!.data as BigInt64Array;
  const classIndex = new Int32Array(rows);
  for (let i = 0; i < rows; i++) classIndex[i] = Number(labels[i]);
  return { rows, classIndex, probabilities: outputs[info.probabilityOutput]!.data as Float32Array };
}
