/** A request the local S3 refuses; `code`, `status` (and headers) are what S3 answers for the same fault. */
export class S3RequestError extends Error {
  readonly code: string;
  readonly status: number;
  readonly headers: Record<string, string>;

  constructor(code: string, message: string, status = 400, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'S3RequestError';
    this.code = code;
    this.status = status;
    this.headers = headers;
  }
}

/** An aws-chunked body that is malformed, truncated or fails its trailing checksum. */
export class AwsChunkedDecodeError extends S3RequestError {
  constructor(code: string, message: string) {
    super(code, message, 400);
    this.name = 'AwsChunkedDecodeError';
  }
}
