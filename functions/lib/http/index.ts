export { RequestError } from './errors.ts';
export { jsonResponse, errorResponse, requestBody, headerValue } from './response.ts';
export { checkContentType } from './content-type.ts';
export { parseJsonBody, toFeatureMatrix } from './parse-predict-request.ts';
export { formatPrediction } from './format-prediction.ts';
export { modelRequestError, requestedModel } from './model-request.ts';
export type { ApiResponse, ProxyEventLike, RequestLimits, FeatureMatrix, PredictResponseBody } from './types.ts';
