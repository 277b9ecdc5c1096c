import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** How long a client may keep a socket without sending or reading (AWS S3 closes such a socket after ~20 s). */
export const DEFAULT_IDLE_TIMEOUT_MS = 20_000;

/**
 * Cuts clients that hold a request open without sending or reading, so a slow or stalled client holds only its own
 * socket, and only for `idleMs`. A request whose body stopped arriving while it was being read goes to
 * `onIdleRequest` (which answers it); a client that stopped reading its answer is disconnected. The server's own
 * think time never counts (a long CompleteMultipartUpload, a Lambda call), nor a body the server chose not to read yet
 * (backpressure). Idle keep-alive sockets between requests are closed by the server's keepAliveTimeout as before.
 */
export function cutIdleClients(server: Server, idleMs: number, onIdleRequest: (req: IncomingMessage, res: ServerResponse) => void): void {
  if (idleMs <= 0) return;
  const current = new WeakMap<Socket, { req: IncomingMessage; res: ServerResponse }>();
  const served = new WeakSet<Socket>();
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    const exchange = { req, res };
    current.set(req.socket, exchange);
    res.once('close', () => {
      served.add(req.socket);
      if (current.get(req.socket) === exchange) current.delete(req.socket);
    });
  });
  server.setTimeout(idleMs, (socket: Socket) => {
    const exchange = current.get(socket);
    if (!exchange) {
      // Between requests node's keep-alive timeout uses this same socket timer: do what node does without a 'timeout'
      // listener, close the socket. Before its first request a connection is the headers timeout's (408).
      if (served.has(socket)) socket.destroy();
      return;
    }
    const { req, res } = exchange;
    if (!req.complete && req.readableFlowing === true) {
      if (res.headersSent) socket.destroy();
      else onIdleRequest(req, res);
    } else if (res.headersSent && socket.writableLength > 0) {
      // Answer bytes queued and none taken for idleMs: the client stopped reading (a slow producer queues nothing).
      socket.destroy();
    }
  });
}

/**
 * Answers a request whose client went idle, then drops the connection and the request (so whatever was reading the
 * body, a proxy or an in-process service, sees it fail and lets go of its resources).
 */
export function answerAndDrop(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string,
): void {
  res.shouldKeepAlive = false;
  res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)), connection: 'close' });
  res.end(body, () => req.destroy(new IdleClientError()));
}

export class IdleClientError extends Error {
  readonly code = 'IDLE_CLIENT';

  constructor() {
    super('the client sent nothing for longer than the idle timeout');
    this.name = 'IdleClientError';
  }
}
