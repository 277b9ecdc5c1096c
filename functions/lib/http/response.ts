import type { ApiResponse, ProxyEventLike } from './types.ts';

export function jsonResponse(statusCode: number, body: unknown): ApiResponse {
  return { statusCode, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

export function errorResponse(statusCode: number, code: string, message: string): ApiResponse {
  return jsonResponse(statusCode, { error: { code, message } });
}

/** The raw request body of a v1 or v2 proxy event, base64-decoded when API Gateway encoded it. */
export function requestBody(event: ProxyEventLike): string | null {
  if (event.body === undefined || event.body === null) return null;
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

/** Header lookup ignoring case (v1 keeps the client's casing, v2 lower-cases). */
export function headerValue(event: ProxyEventLike, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}
