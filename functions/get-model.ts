import { ModelIntegrityError } from './lib/model-store/errors.ts';
import { selectModel } from './lib/model-store/select-model.ts';
import type { PinnedModel } from './lib/model-store/types.ts';
import type { FeatureRange, ModelInfo } from './lib/model/types.ts';
import { errorResponse, jsonResponse, modelRequestError, requestedModel } from './lib/http/index.ts';
import type { ApiResponse, ProxyEventLike } from './lib/http/index.ts';

/** `GET /model` body: what a client needs to build a request for `POST /predict` with the same `?model=`. */
export interface ModelView {
  name: string;
  version: string;
  kind: ModelInfo['kind'];
  /** In input order: the `values` rows' order, and the `instances` objects' keys. */
  featureNames: string[];
  /** The training data's range of each feature, in featureNames' order, when the model carries them (a hint). */
  featureRanges?: FeatureRange[];
  /** Class names by class index (a classifier's `prediction` indexes them); absent for a regressor. */
  classNames?: string[];
  /** The stored version that answered (with `?model=`); absent: the baked-in model. */
  stored?: PinnedModel;
}

export function modelView(info: ModelInfo, stored: PinnedModel | undefined): ModelView {
  return {
    name: stored?.name ?? info.name,
    version: stored?.version ?? info.version,
    kind: info.kind,
    featureNames: [...info.featureNames],
    ...(info.featureRanges ? { featureRanges: info.featureRanges.map((r) => ({ ...r })) } : {}),
    ...(info.kind === 'classifier' ? { classNames: [...info.classNames] } : {}),
    ...(stored ? { stored } : {}),
  };
}

/** `GET /model` (optional `?model=name@alias`): the model `POST /predict` would answer with, read-only. */
export async function handler(event: ProxyEventLike): Promise<ApiResponse> {
  try {
    const { model, stored } = await selectModel(requestedModel(event, undefined));
    return jsonResponse(200, modelView(model.info, stored));
  } catch (error) {
    if (error instanceof ModelIntegrityError) return errorResponse(500, 'MODEL_INTEGRITY', error.message);
    const refused = modelRequestError(error);
    if (refused) return errorResponse(refused.statusCode, refused.code, refused.message);
    throw error;
  }
}
