import { EventEmitter } from 'node:events';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { RequestListener } from '../http/types.ts';
import type { Meter } from '../meter/Meter.ts';
import { meterCapacity } from './capacity-meter.ts';

/** dynalite's own request size limit (it answers a bare 413 beyond it). */
export const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

/** What dynalite's request handler reads of a request. */
interface DynaliteRequest extends EventEmitter {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingMessage['headers'];
}

/**
 * Puts a guard around dynalite's request handler and returns the guarded listener (also installed on dynalite's own
 * server). dynalite throws from its request `error` listener (one aborted request killed the whole process) and
 * rethrows unexpected errors from its `end` listener. The guard reads the body itself (bounded; an aborted or
 * failed request never reaches dynalite) and then hands dynalite a request that has already arrived in full, from
 * inside a try/catch, so its synchronous throws become a 500 for that one request.
 */
export function guardDynalite(server: Server, log: (line: string) => void, meter?: Meter): RequestListener {
  const dynalite = server.listeners('request')[0] as RequestListener | undefined;
  if (dynalite === undefined) throw new Error('dynalite server has no request listener');
  server.removeAllListeners('request');
  const listener: RequestListener = (req, res) => {
    void readBody(req).then((body) => {
      if (body === 'too-large') return answerTooLarge(res);
      if (body !== undefined) runDynalite(dynalite, req, res, meter === undefined ? body : meterCapacity(meter, req, res, body), log);
    });
  };
  server.on('request', listener);
  return listener;
}

/** The whole body; undefined when the request failed or was aborted (nobody to answer), 'too-large' past the limit. */
function readBody(req: IncomingMessage): Promise<Buffer | 'too-large' | undefined> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_REQUEST_BYTES) return Promise.resolve('too-large');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BYTES) chunks.push(chunk);
      else {
        req.off('data', onData);
        chunks.length = 0;
        resolve('too-large');
      }
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', () => resolve(undefined));
    req.once('close', () => {
      if (!req.complete) resolve(undefined);
    });
  });
}

function answerTooLarge(res: ServerResponse): void {
  if (res.headersSent || res.destroyed) return;
  res.shouldKeepAlive = false; // the rest of the body is not read
  res.writeHead(413, { 'content-length': '0', connection: 'close' });
  res.end();
}

function runDynalite(
  dynalite: RequestListener,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  log: (line: string) => void,
): void {
  const arrived: DynaliteRequest = Object.assign(new EventEmitter(), { method: req.method, url: req.url, headers: req.headers });
  try {
    dynalite(arrived as unknown as IncomingMessage, res);
    if (body.length > 0) arrived.emit('data', body);
    arrived.emit('end');
  } catch (error) {
    answerFailure(res, error, log);
  }
}

/** A dynalite error that carries its AWS answer is sent as such; anything else is a 500 for this request only. */
function answerFailure(res: ServerResponse, error: unknown, log: (line: string) => void): void {
  if (res.headersSent || res.destroyed) return;
  const known = error as { statusCode?: unknown; body?: unknown };
  if (typeof known.statusCode === 'number' && known.body !== undefined) return sendJson(res, known.statusCode, known.body);
  const message = error instanceof Error ? error.message : String(error);
  log(`[dynamodb] request failed inside dynalite: ${message}`);
  sendJson(res, 500, { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Internal server error' });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}
