/** A client mistake: becomes a 4xx `{"error": {"code", "message"}}`, never a 500. */
export class RequestError extends Error {
  override name = 'RequestError';
  readonly statusCode: number;
  readonly code: string;

  constructor(statusCode: number, code: string, message: string) {
    super(message);
    this.statusCode = statusCode;
    this.code = code;
  }
}
