import {
  request,
  type Agent,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import type { Readable } from 'node:stream';

/** Headers that describe one hop, not the message (RFC 9110 §7.6.1), plus `expect` (answered by this hop). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'expect',
]);

export function endToEndHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  }
  return out;
}

export interface ProxyOptions {
  /** Origin of the upstream server, e.g. `http://127.0.0.1:45123`. */
  target: URL;
  agent: Agent;
  method?: string;
  /** Path + query; default: the incoming request's. */
  path?: string;
  /** Default: the incoming request's end-to-end headers. */
  headers?: OutgoingHttpHeaders;
  /** Default: the incoming request itself. */
  body?: Readable;
  /** Called when the upstream answers, before the answer is relayed. */
  onResponse?: (upstream: IncomingMessage) => void;
  /** Answers a failure before any byte was relayed (upstream down, body rejected...). */
  onError: (error: Error, res: ServerResponse) => void;
}

/**
 * Streams a request to an upstream and the answer back, with backpressure both ways (memory stays bounded
 * whatever the body size). A client that goes away aborts the upstream request, so a half-sent upload is
 * never committed; an upstream failure becomes `onError`'s answer, or a reset if bytes were already sent.
 */
export function proxyRequest(req: IncomingMessage, res: ServerResponse, options: ProxyOptions): Promise<void> {
  return new Promise((resolve) => {
    const body = options.body ?? req;
    let failed = false;
    const fail = (error: Error): void => {
      if (failed) return;
      failed = true;
      upstream.destroy();
      if (!res.headersSent) options.onError(error, res);
      else res.destroy(error);
      resolve();
    };
    const upstream = request(options.target, {
      method: options.method ?? req.method,
      path: options.path ?? req.url,
      headers: options.headers ?? endToEndHeaders(req.headers),
      agent: options.agent,
    });
    upstream.on('response', (answer) => {
      if (res.headersSent) {
        // Someone answered the client already (the edge's idle-client timeout): this answer has no one to go to.
        failed = true;
        upstream.destroy();
        resolve();
        return;
      }
      options.onResponse?.(answer);
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEndHeaders(answer.headers));
      answer.pipe(res);
      answer.on('error', (error) => fail(error));
      res.on('finish', () => resolve());
    });
    upstream.on('error', fail);
    body.on('error', fail);
    res.on('close', () => {
      // Also when the client was answered before its body was through (timeout, early error): the rest never comes.
      if (!res.writableFinished || !req.complete) upstream.destroy();
      resolve();
    });
    body.pipe(upstream);
  });
}
