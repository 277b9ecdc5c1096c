import type { IncomingMessage, ServerResponse } from 'node:http';
import { S3RequestError } from './errors.ts';
import type { ObjectRecord, ObjectStore } from './object-store.ts';
import { parseS3Target } from './parse-request.ts';
import { sendS3Error } from './s3-error-response.ts';
import type { S3Context } from './s3-context.ts';
import { routeS3 } from './s3-router.ts';
import type { ObjectCreated, ObjectCreatedEventName } from './types.ts';
import type { RequestListener } from '../http/types.ts';
import type { Meter } from '../meter/Meter.ts';
import { traceRootOf } from '../meter/trace.ts';
import { s3PriceClass } from '../meter/units.ts';
import type { S3RequestTarget } from './parse-request.ts';

export interface S3HandlerOptions {
  store: ObjectStore;
  /** Counts each request by price class, the bytes in and out and the bytes stored, under the caller's trace. */
  meter?: Meter;
  /** Each stored object, after it is stored (notifications). */
  onCreated?: (created: ObjectCreated) => void;
  log?: (line: string) => void;
}

function answerError(req: IncomingMessage, res: ServerResponse, error: unknown, log: (line: string) => void): void {
  const head = req.method === 'HEAD';
  if (error instanceof S3RequestError) {
    sendS3Error(res, error.status, error.code, error.message, error.headers, head);
    return;
  }
  log(`[s3] ${req.method} ${req.url} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  sendS3Error(res, 500, 'InternalError', 'We encountered an internal error. Please try again.', {}, head);
}

/**
 * Reads and drops what is left of a refused request's body, so the connection can carry the next request. A reader
 * that stopped half-way would keep the body from flowing (a pipe into an aws-chunked decoder nobody reads, an async
 * iterator's `readable` listener): both are detached first.
 */
function drain(req: IncomingMessage): void {
  if (req.readableEnded) return;
  req.unpipe();
  req.removeAllListeners('readable');
  req.resume();
}

/**
 * The local S3 as one request listener (the edge serves it in-process: no port of its own). Any failure is answered
 * with S3's error document; one that happens after the answer started (a body cut short) resets the connection.
 */
export function createS3Handler(options: S3HandlerOptions): RequestListener {
  const log = options.log ?? (() => undefined);
  const meter = options.meter;
  return (req, res) => {
    const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
    const target = tryParseTarget(req);
    const traceId = meter === undefined || target === undefined ? undefined : meterRequest(meter, req, res, target);
    const created = (bucket: string, record: ObjectRecord, eventName: ObjectCreatedEventName): void => {
      meter?.s3Stored(traceId, record.size);
      options.onCreated?.({ bucket, key: record.key, size: record.size, eTag: record.etag, eventName, sourceIp });
    };
    const run = async (): Promise<void> => {
      // A target that did not parse is parsed again here, so its error is answered as S3's.
      const context: S3Context = {
        req,
        res,
        target: target ?? parseS3Target(req.url ?? '/', req.headers.host),
        store: options.store,
        created,
      };
      await routeS3(context);
    };
    run().catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else answerError(req, res, error, log);
      drain(req);
    });
  };
}

/** Counts the request (its price class, the body bytes it declares) and, once answered, the bytes sent back. */
function meterRequest(meter: Meter, req: IncomingMessage, res: ServerResponse, target: S3RequestTarget): string | undefined {
  const traceId = traceRootOf(req.headers['x-amzn-trace-id']);
  const method = req.method ?? 'GET';
  const priceClass = s3PriceClass({ method, hasKey: target.key !== undefined, query: target.query });
  const declared = req.headers['x-amz-decoded-content-length'] ?? req.headers['content-length'];
  meter.s3Request(traceId, priceClass, Number(declared ?? 0) || 0);
  if (method !== 'HEAD') countBytesOut(res, (bytes) => meter.s3BytesOut(traceId, bytes));
  return traceId;
}

function tryParseTarget(req: IncomingMessage): S3RequestTarget | undefined {
  try {
    return parseS3Target(req.url ?? '/', req.headers.host);
  } catch {
    return undefined;
  }
}

/** The body bytes the answer carries (headers given to writeHead are not readable back, so the writes are counted). */
function countBytesOut(res: ServerResponse, done: (bytes: number) => void): void {
  let bytes = 0;
  const count = (chunk: unknown): void => {
    if (typeof chunk === 'string') bytes += Buffer.byteLength(chunk);
    else if (chunk instanceof Uint8Array) bytes += chunk.byteLength;
  };
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    count(chunk);
    return write(chunk, ...rest);
  }) as ServerResponse['write'];
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (typeof chunk !== 'function') count(chunk);
    return end(chunk, ...rest);
  }) as ServerResponse['end'];
  res.once('finish', () => done(bytes));
}
