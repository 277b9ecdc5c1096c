/**
 * cutIdleClients on a plain node server over loopback: a client idle in its body is answered, one that stops
 * reading is disconnected, the server's own think time never counts, and keep-alive sockets still close.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { answerAndDrop, cutIdleClients } from '../../local/http/idle-clients.ts';
import { listenLocal } from '../../local/http/listen.ts';

const IDLE_MS = 300;
const KEEP_ALIVE_MS = 400;

/** `/think`: answers after 3 idle periods; `/big`: a 64 MB answer; anything else: echoes the body's size. */
function handle(req: IncomingMessage, res: ServerResponse): void {
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
  });
  req.on('end', () => {
    if (req.url === '/think') setTimeout(() => res.end('thought'), IDLE_MS * 3);
    else if (req.url === '/big') res.end(Buffer.alloc(64 * 1024 * 1024));
    else res.end(String(size));
  });
}

function client(port: number, request: string): { socket: Socket; received: () => string; closed: Promise<void> } {
  let received = '';
  const socket = connect(port, '127.0.0.1', () => socket.write(request));
  socket.on('data', (chunk) => {
    received += chunk.toString('latin1');
  });
  socket.on('error', () => undefined);
  return { socket, received: () => received, closed: new Promise((resolve) => socket.once('close', () => resolve())) };
}

describe('cutIdleClients', () => {
  let server: Server;
  let port: number;

  before(async () => {
    server = createServer({ keepAliveTimeout: KEEP_ALIVE_MS, keepAliveTimeoutBuffer: 0 }, handle);
    cutIdleClients(server, IDLE_MS, (req, res) => answerAndDrop(req, res, 400, { 'content-type': 'text/plain' }, 'idle'));
    port = await listenLocal(server, 0);
  });

  after(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );

  test('a body that stops arriving is answered and the connection closed', async () => {
    const stalled = client(port, 'POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc');

    await stalled.closed;

    assert.match(stalled.received(), /^HTTP\/1\.1 400 [\s\S]*\r\n\r\nidle$/);
  });

  test("the server's think time is not the client's idleness", async () => {
    const waiting = client(port, 'GET /think HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');

    await waiting.closed;

    assert.match(waiting.received(), /^HTTP\/1\.1 200 [\s\S]*thought$/);
  });

  test('a client that stops reading its answer is disconnected', async () => {
    const reader = client(port, 'GET /big HTTP/1.1\r\nHost: x\r\n\r\n');
    reader.socket.once('data', () => reader.socket.pause());
    await sleep(IDLE_MS * 4);
    reader.socket.resume(); // a paused socket does not notice the server's reset until it reads again

    await reader.closed;

    assert.ok(reader.received().length < 64 * 1024 * 1024);
  });

  test('an idle keep-alive connection is still closed by the keep-alive timeout', async () => {
    const kept = client(port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    let answeredAt = 0;
    kept.socket.once('data', () => {
      answeredAt = Date.now();
    });

    await kept.closed;

    assert.match(kept.received(), /^HTTP\/1\.1 200 [\s\S]*\r\n\r\n0$/);
    const open = Date.now() - answeredAt;
    assert.ok(open >= KEEP_ALIVE_MS - 100, `closed ${open} ms after the answer, before the keep-alive timeout`);
  });
});
