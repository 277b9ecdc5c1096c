import { config } from '../config.ts';
import { InvalidModelRefError, ModelIntegrityError, ModelNotFoundError, ModelStoreNotConfiguredError } from '../model-store/errors.ts';
import { parseModelRef } from '../model-store/model-ref.ts';
import { modelRegistry, pinnedModel } from '../model-store/stored-models.ts';
import type { PinnedModel } from '../model-store/types.ts';
import type { ModelInfo } from '../model/types.ts';

/**
 * `aws s3 cp x.csv s3://input/k.csv --metadata model=wine@champion`: the input object's user metadata `model`
 * (`x-amz-meta-model`) names the job's model. S3 lower-cases metadata keys, so `Model=` arrives as `model` too.
 */
export const MODEL_METADATA = 'model';

/**
 * `--metadata model=wine@champion,shadow=wine@challenger`: `shadow` names a second model that scores every row
 * beside the job's model (champion/challenger): its columns go into scored.csv, its agreement into the summary.
 */
export const SHADOW_METADATA = 'shadow';

export type JobModel = { ok: true; model?: PinnedModel; shadow?: PinnedModel } | { ok: false; reason: string };

type Resolved = { ok: true; pin?: PinnedModel } | { ok: false; reason: string };

/** The model reference under `key` (default: `model`) in an object's user metadata, if any. */
export function modelRefOf(metadata: Record<string, string> | undefined, key = MODEL_METADATA): string | undefined {
  const value = metadata?.[key]?.trim();
  return value ? value : undefined;
}

/**
 * Resolves the job's model and shadow model ONCE, at ingest: the versions their aliases name now, pinned with their
 * sha256 on the job, so every chunk scores with those versions even if an alias moves mid-job. `metadata` is the
 * object's user metadata, as the header read returned it. No `model` there: the baked-in model (no pin); no
 * `shadow`: none. A reference the store cannot serve, or a shadow the model's columns cannot feed, ends the job
 * with the reason.
 */
export async function resolveJobModel(metadata: Record<string, string>): Promise<JobModel> {
  const model = await resolveRef(metadata, MODEL_METADATA);
  if (!model.ok) return model;
  const shadow = await resolveRef(metadata, SHADOW_METADATA);
  if (!shadow.ok) return shadow;
  if (shadow.pin === undefined) return model.pin ? { ok: true, model: model.pin } : { ok: true };
  const refused = await shadowRefusal(model.pin, shadow.pin);
  if (refused !== undefined)
    return { ok: false, reason: `metadata ${SHADOW_METADATA}=${modelRefOf(metadata, SHADOW_METADATA)}: ${refused}` };
  return { ok: true, ...(model.pin ? { model: model.pin } : {}), shadow: shadow.pin };
}

async function resolveRef(metadata: Record<string, string>, key: string): Promise<Resolved> {
  const ref = modelRefOf(metadata, key);
  if (ref === undefined) return { ok: true };
  try {
    const registry = modelRegistry();
    const pin = await registry.resolve(parseModelRef(ref));
    // Loaded here too: a version that cannot be served fails the job now, not in every chunk.
    await registry.load(pin);
    return { ok: true, pin };
  } catch (error) {
    const known = [InvalidModelRefError, ModelNotFoundError, ModelIntegrityError, ModelStoreNotConfiguredError];
    if (known.some((type) => error instanceof type)) return { ok: false, reason: `metadata ${key}=${ref}: ${(error as Error).message}` };
    throw error;
  }
}

async function shadowRefusal(model: PinnedModel | undefined, shadow: PinnedModel): Promise<string | undefined> {
  const mismatch = shadowMismatch((await pinnedModel(model)).info, (await pinnedModel(shadow)).info);
  if (mismatch !== undefined) return mismatch;
  // Both versions stay loaded while a chunk scores; one session slot would make loading one release the other.
  if (model !== undefined && `${model.name}@${model.version}` !== `${shadow.name}@${shadow.version}` && config().modelSessionsMax < 2) {
    return 'a shadow model needs MODEL_SESSIONS_MAX of at least 2 (the model and its shadow stay loaded together)';
  }
  return undefined;
}

/**
 * Why a shadow cannot score beside the model, if it cannot: each batch's features, taken from the CSV's columns in
 * the model's feature order, feed both, so the shadow must take the same features in the same order; and agreement
 * compares like with like, so it must be of the same kind.
 */
export function shadowMismatch(model: ModelInfo, shadow: ModelInfo): string | undefined {
  if (shadow.kind !== model.kind) return `it is a ${shadow.kind}, the job's model a ${model.kind}: a shadow must be of the model's kind`;
  const [theirs, ours] = [shadow.featureNames, model.featureNames];
  if (theirs.length === ours.length && theirs.every((name, i) => name === ours[i])) return undefined;
  return `its features (${theirs.join(', ')}) are not the job's model's (${ours.join(', ')}): the same CSV columns feed both, so a shadow must take the model's features in the model's order`;
}
