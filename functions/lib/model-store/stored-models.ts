import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { s3 } from '../aws/clients.ts';
import { config } from '../config.ts';
import { getModel, loadModel, unloadModel } from '../model/index.ts';
import type { Model } from '../model/types.ts';
import { ModelStoreNotConfiguredError } from './errors.ts';
import { ModelRegistry } from './model-registry.ts';
import { parseModelRef } from './model-ref.ts';
import { s3ModelStore } from './s3-store.ts';
import type { PinnedModel, StoredModel } from './types.ts';

let registry: ModelRegistry | undefined;

/** The container's model store registry, created on the first request that names a model. */
export function modelRegistry(): ModelRegistry {
  if (!registry) {
    const cfg = config();
    if (!cfg.modelBucket) throw new ModelStoreNotConfiguredError('this deployment has no model store (MODEL_BUCKET is not set)');
    registry = new ModelRegistry({
      reader: s3ModelStore(s3(), cfg.modelBucket),
      // Per process and thread: Lambda environments run as worker threads of one process locally, sharing /tmp.
      dir: join(tmpdir(), 'model-store', `${process.pid}-${threadId}`),
      aliasTtlMs: cfg.modelAliasTtlSeconds * 1000,
      maxSessions: cfg.modelSessionsMax,
      load: loadModel,
      unload: unloadModel,
    });
  }
  return registry;
}

/** The stored model a reference names now, loaded. */
export async function storedModel(ref: string): Promise<{ model: Model; stored: PinnedModel }> {
  const { model, pin }: StoredModel = await modelRegistry().get(parseModelRef(ref));
  return { model, stored: pin };
}

/** The version a batch job pinned at ingest, or the baked-in model for a job that named none. */
export async function pinnedModel(pin: PinnedModel | undefined): Promise<Model> {
  if (pin === undefined) return getModel();
  return (await modelRegistry().load(pin)).model;
}
