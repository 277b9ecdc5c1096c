import type { FeatureArray } from '../model/feature-values.ts';
/** What an API Gateway proxy integration (or a direct invoke) gets back. */
export interface ApiResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** The parts of a REST (v1) or HTTP API (v2) proxy event the handlers read; direct invokes may carry only `body`. */
export interface ProxyEventLike {
  body?: string | null;
  isBase64Encoded?: boolean;
  headers?: Record<string, string | undefined> | null;
  /** `?model=` names a stored model (model-request.ts). */
  queryStringParameters?: Record<string, string | undefined> | null;
}

/** Limits of `POST /predict` (config: MAX_BODY_BYTES, MAX_ROWS). */
export interface RequestLimits {
  maxBodyBytes: number;
  maxRows: number;
}

/** A validated predict request: rows packed row-major, ready to become one tensor. */
export interface FeatureMatrix {
  rows: number;
  /** In the precision of the model's input. */
  features: FeatureArray;
}

/** The 200 body of `POST /predict`, by the model's kind. */
export type PredictResponseBody = ClassifierResponseBody | RegressorResponseBody;

/** A classifier's: `prediction` stays integer class indices, as the classic Iris clients read it. */
export interface ClassifierResponseBody {
  prediction: number[];
  labels: string[];
  probabilities: number[][];
  /** `sha256` only when a stored model answered (`?model=`): exactly which bytes ran. */
  model: { name: string; version: string; sha256?: string };
}

/** A regressor's: one value per row. */
export interface RegressorResponseBody {
  prediction: number[];
  model: { name: string; version: string };
}
