import type { IncomingMessage, ServerResponse } from 'node:http';

/** Body bytes one request carried each way, as S3's server access log reports them (headers and framing excluded). */
export interface BodyBytes {
  in: number;
  out: number;
}

/** Response bodies HTTP never sends: Node drops what is written to them. */
function sendsNoBody(req: IncomingMessage, res: ServerResponse): boolean {
  return req.method === 'HEAD' || res.statusCode === 204 || res.statusCode === 304;
}

function byteLength(chunk: unknown, encoding: unknown): number {
  if (typeof chunk === 'string') return Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  return chunk instanceof Uint8Array ? chunk.byteLength : 0;
}

/**
 * Counts the request body as the HTTP parser pushes it into the request stream (whoever reads it, however late; a
 * 'data' listener would start the flow before the handler reads), and the response body as it is written.
 */
export function countBodyBytes(req: IncomingMessage, res: ServerResponse): BodyBytes {
  const bytes: BodyBytes = { in: 0, out: 0 };
  const push = req.push.bind(req);
  req.push = (chunk: unknown, encoding?: BufferEncoding) => {
    bytes.in += byteLength(chunk, encoding);
    return push(chunk, encoding);
  };
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  const count = (chunk: unknown, encoding: unknown): void => {
    if (!sendsNoBody(req, res)) bytes.out += byteLength(chunk, encoding);
  };
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    count(chunk, rest[0]);
    return write(chunk, ...rest);
  }) as ServerResponse['write'];
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    count(chunk, rest[0]);
    return end(chunk, ...rest);
  }) as ServerResponse['end'];
  return bytes;
}
