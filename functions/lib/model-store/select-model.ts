import { getModel } from '../model/load-model.ts';
import type { Model } from '../model/types.ts';
import type { PinnedModel } from './types.ts';

/**
 * What answers a request: the baked-in model when none is named, else the stored one it names. The store's module
 * (and with it the S3 SDK) is imported only when a request names a model, so `/predict` without one starts as fast
 * as before and makes no S3 call: the router imports handlers lazily for the same reason.
 */
export async function selectModel(ref: string | undefined): Promise<{ model: Model; stored?: PinnedModel }> {
  if (ref === undefined) return { model: await getModel() };
  const { storedModel } = await import('./stored-models.ts');
  return storedModel(ref);
}
