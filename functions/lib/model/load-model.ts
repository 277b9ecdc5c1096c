import { readFile } from 'node:fs/promises';
import ort from 'onnxruntime-node';
import { config } from '../config.ts';
import { describeModel, type ValueShape } from './describe-model.ts';
import { zipMapFeeds } from './graph-classes.ts';
import { readGraph, withFloatTensorOutputs } from './onnx-graph.ts';
import { readMetadataProps } from './read-metadata.ts';
import { predictWith } from './run-model.ts';
import type { Model, ModelOptions } from './types.ts';

/** One session per model (path, and the names the caller gave) per container: created on first use, then reused. */
const sessions = new Map<string, Promise<Model>>();

export function loadModel(path: string, options: ModelOptions = {}): Promise<Model> {
  const key = options.featureNames ? `${path}\n${JSON.stringify(options.featureNames)}` : path;
  let model = sessions.get(key);
  if (!model) {
    model = createModel(path, options);
    // A failed load is not cached, so a fixed file (or a transient read error) is picked up on the next call.
    model.catch(() => sessions.delete(key));
    sessions.set(key, model);
  }
  return model;
}

/**
 * Forgets the session of `path` and releases its native memory (the model store evicting a version). The caller makes
 * sure nothing still runs it: a Lambda environment serves one invocation at a time.
 */
export async function unloadModel(path: string): Promise<void> {
  const keys = [...sessions.keys()].filter((key) => key === path || key.startsWith(`${path}\n`));
  const models = keys.map((key) => sessions.get(key));
  for (const key of keys) sessions.delete(key);
  for (const model of models) {
    const loaded = await model?.catch(() => undefined);
    if (loaded) await releases.get(loaded)?.();
  }
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

/** A ZipMap's input tensor becomes a graph output before the session is made, so the session can return it. */
async function createModel(path: string, options: ModelOptions): Promise<Model> {
  const bytes = await readFile(path);
  const graph = readGraph(bytes);
  const session = await ort.InferenceSession.create(withFloatTensorOutputs(bytes, zipMapFeeds(graph)), SESSION_OPTIONS);
  const info = describeModel(
    {
      path,
      inputs: session.inputMetadata.map(toShape),
      outputs: session.outputMetadata.map(toShape),
      metadata: readMetadataProps(bytes),
      nodes: graph.nodes,
      initializers: graph.initializers,
    },
    options,
  );
  const model: Model = { info, predict: predictWith(session, info) };
  releases.set(model, () => session.release());
  return model;
}

function toShape(meta: ort.InferenceSession.ValueMetadata): ValueShape {
  return meta.isTensor ? { name: meta.name, isTensor: true, type: meta.type, shape: meta.shape } : { name: meta.name, isTensor: false };
}
