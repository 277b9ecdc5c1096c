import { InvalidModelRefError, ModelNotFoundError, ModelStoreNotConfiguredError } from '../model-store/errors.ts';
import { RequestError } from './errors.ts';
import type { ProxyEventLike } from './types.ts';

/**
 * The stored model a request names: `?model=<ref>` or a `"model"` field of the JSON body (the direct invoke's payload
 * too); undefined when it names none, which keeps the baked-in model and today's answer.
 */
export function requestedModel(event: ProxyEventLike, payload: unknown): string | undefined {
  const fromQuery = event.queryStringParameters?.model;
  const fromBody =
    typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? (payload as { model?: unknown }).model : undefined;
  if (fromBody !== undefined && typeof fromBody !== 'string') {
    throw new RequestError(400, 'INVALID_MODEL_REF', '"model" must be a string like "wine", "wine@champion" or "wine@2"');
  }
  if (fromQuery !== undefined && fromBody !== undefined && fromQuery !== fromBody) {
    throw new RequestError(
      400,
      'CONFLICTING_MODEL',
      `?model=${fromQuery} and the body's "model": "${fromBody}" differ; name the model once`,
    );
  }
  return fromQuery ?? fromBody;
}

/** The model store's answers that are the caller's to fix, as 4xx; anything else is not a RequestError. */
export function modelRequestError(error: unknown): RequestError | undefined {
  if (error instanceof InvalidModelRefError) return new RequestError(400, 'INVALID_MODEL_REF', error.message);
  if (error instanceof ModelNotFoundError) return new RequestError(404, 'MODEL_NOT_FOUND', error.message);
  if (error instanceof ModelStoreNotConfiguredError) return new RequestError(400, 'MODEL_STORE_NOT_CONFIGURED', error.message);
  return undefined;
}
