import { ModelIntegrityError } from './lib/model-store/errors.ts';
import { selectModel } from './lib/model-store/select-model.ts';
import { config } from './lib/config.ts';
import { logger } from './lib/logger.ts';
import { METRIC, timedInBatch } from './lib/metrics/index.ts';
import {
  RequestError,
  checkContentType,
  errorResponse,
  formatPrediction,
  headerValue,
  jsonResponse,
  modelRequestError,
  parseJsonBody,
  requestedModel,
  requestBody,
  toFeatureMatrix,
} from './lib/http/index.ts';
import type { ApiResponse, ProxyEventLike, RequestLimits } from './lib/http/index.ts';

/**
 * `POST /predict`, also invoked directly with the classic clients' event shapes: `{"values": [...]}` or `{"body": "<json>"}`.
 * Every answer is an API Gateway proxy response; bad input is a 4xx naming the problem, never a 500.
 */
export type PredictEvent = ProxyEventLike & { values?: unknown; instances?: unknown; model?: unknown };

export async function handler(event: PredictEvent): Promise<ApiResponse> {
  return timedInBatch(METRIC.PredictLatency, () => predict(event));
}

async function predict(event: PredictEvent): Promise<ApiResponse> {
  const limits = config();
  try {
    const payload = isDirectPayload(event) ? event : readProxyBody(event, limits);
    const { model, stored } = await selectModel(requestedModel(event, payload)).catch(rethrowAsRequestError);
    const matrix = toFeatureMatrix(payload, model.info.featureNames, limits, model.info.inputType);
    const predictions = await model.predict(matrix.features, matrix.rows);
    logger.info('predicted', { rows: matrix.rows, ...(stored ? { model: stored } : {}) });
    return jsonResponse(200, formatPrediction(model.info, predictions, stored));
  } catch (error) {
    if (error instanceof ModelIntegrityError) {
      // The store holds a broken version (bytes not matching their card): the operator's to fix, not the client's.
      logger.error('stored model refused', { reason: error.message });
      return errorResponse(500, 'MODEL_INTEGRITY', error.message);
    }
    if (!(error instanceof RequestError)) throw error;
    logger.info('rejected request', { statusCode: error.statusCode, code: error.code });
    return errorResponse(error.statusCode, error.code, error.message);
  }
}

function rethrowAsRequestError(error: unknown): never {
  throw modelRequestError(error) ?? error;
}

/** The classic direct invoke passes the request object itself instead of a proxy event with a body. */
function isDirectPayload(event: PredictEvent): boolean {
  return event.values !== undefined || event.instances !== undefined;
}

function readProxyBody(event: PredictEvent, limits: RequestLimits): unknown {
  checkContentType(headerValue(event, 'content-type'));
  return parseJsonBody(requestBody(event), limits);
}
