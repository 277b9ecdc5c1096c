/**
 * Minimal API Gateway proxy responses for the job and experiment endpoints (used until/unless the shared
 * `functions/lib/http` helpers replace them). Body is always JSON; errors are `{"error":{"code","message"}}`.
 */
export interface ApiResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export function jsonResponse(statusCode: number, body: unknown): ApiResponse {
  return { statusCode, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

export function errorResponse(statusCode: number, code: string, message: string): ApiResponse {
  return jsonResponse(statusCode, { error: { code, message } });
}

/** The raw request body of a v1 or v2 proxy event, base64-decoded when API Gateway encoded it. */
export function requestBody(event: { body?: string | null; isBase64Encoded?: boolean }): string | null {
  if (event.body === undefined || event.body === null) return null;
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}
