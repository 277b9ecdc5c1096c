import { InvalidModelRefError, ModelIntegrityError, ModelNotFoundError, ModelStoreNotConfiguredError } from '../model-store/errors.ts';
import { parseModelRef } from '../model-store/model-ref.ts';
import { modelRegistry } from '../model-store/stored-models.ts';
import type { PinnedModel } from '../model-store/types.ts';

/**
 * `aws s3 cp x.csv s3://input/k.csv --metadata model=wine@champion`: the input object's user metadata `model`
 * (`x-amz-meta-model`) names the job's model. S3 lower-cases metadata keys, so `Model=` arrives as `model` too.
 */
export const MODEL_METADATA = 'model';

export type JobModel = { ok: true; model?: PinnedModel } | { ok: false; reason: string };

/** The model reference in an object's user metadata, if any. */
export function modelRefOf(metadata: Record<string, string> | undefined): string | undefined {
  const value = metadata?.[MODEL_METADATA]?.trim();
  return value ? value : undefined;
}

/**
 * Resolves the job's model ONCE, at ingest: the version an alias names now, pinned with its sha256 on the job, so
 * every chunk scores with that version even if the alias moves mid-job. `metadata` is the object's user metadata,
 * as the header read returned it. No `model` there: the baked-in model (no pin).
 * A reference the store cannot serve ends the job with the reason.
 */
export async function resolveJobModel(metadata: Record<string, string>): Promise<JobModel> {
  const ref = modelRefOf(metadata);
  if (ref === undefined) return { ok: true };
  try {
    const registry = modelRegistry();
    const pin = await registry.resolve(parseModelRef(ref));
    // Loaded here too: a version that cannot be served fails the job now, not in every chunk.
    await registry.load(pin);
    return { ok: true, model: pin };
  } catch (error) {
    const known = [InvalidModelRefError, ModelNotFoundError, ModelIntegrityError, ModelStoreNotConfiguredError];
    if (known.some((type) => error instanceof type)) return { ok: false, reason: `metadata model=${ref}: ${(error as Error).message}` };
    throw error;
  }
}
