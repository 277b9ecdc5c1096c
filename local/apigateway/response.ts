import type { ProxyResult } from './types.ts';

type HeaderValue = string | number | boolean;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isHeaderValue(value: unknown): value is HeaderValue {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/**
 * Validates a Lambda proxy result as API Gateway does; `undefined` means "malformed Lambda proxy response" (→ 502).
 */
export function parseProxyResult(payload: unknown): ProxyResult | undefined {
  if (!isRecord(payload)) return undefined;
  const { statusCode, headers = {}, multiValueHeaders = {}, body, isBase64Encoded = false } = payload;
  const status = typeof statusCode === 'string' ? Number(statusCode) : statusCode;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) return undefined;
  if (!isRecord(headers) || !Object.values(headers).every(isHeaderValue)) return undefined;
  if (!isRecord(multiValueHeaders) || !Object.values(multiValueHeaders).every((v) => Array.isArray(v) && v.every(isHeaderValue))) {
    return undefined;
  }
  if (body !== undefined && body !== null && typeof body !== 'string') return undefined;
  if (typeof isBase64Encoded !== 'boolean') return undefined;
  const text = typeof body === 'string' ? body : '';
  return {
    statusCode: status,
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, String(v)])),
    multiValueHeaders: Object.fromEntries(
      Object.entries(multiValueHeaders as Record<string, HeaderValue[]>).map(([k, v]) => [k, v.map(String)]),
    ),
    body: Buffer.from(text, isBase64Encoded ? 'base64' : 'utf8'),
  };
}

/** Node header list: `headers` and `multiValueHeaders` merged, multi values first (API Gateway's merge). */
export function mergeHeaders(result: ProxyResult): Record<string, string | string[]> {
  const merged: Record<string, string | string[]> = {};
  for (const [name, values] of Object.entries(result.multiValueHeaders)) merged[name.toLowerCase()] = values;
  for (const [name, value] of Object.entries(result.headers)) {
    const key = name.toLowerCase();
    if (!(key in merged)) merged[key] = value;
  }
  return merged;
}

/** API Gateway's own error bodies. */
export const GATEWAY_ERRORS = {
  missingAuthenticationToken: { status: 403, message: 'Missing Authentication Token' },
  /** A method with apiKeyRequired and no valid `x-api-key`. */
  forbidden: { status: 403, message: 'Forbidden' },
  tooLarge: { status: 413, message: 'Request Too Long' },
  throttled: { status: 429, message: 'Too Many Requests' },
  internal: { status: 502, message: 'Internal server error' },
  timeout: { status: 504, message: 'Endpoint request timed out' },
} as const;
