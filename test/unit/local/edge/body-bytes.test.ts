import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { countBodyBytes, type BodyBytes } from '../../../../local/edge/body-bytes.ts';
import { listenLocal } from '../../../../local/http/listen.ts';

/** A server that reads each body late (the count must not start the flow early) and answers in several writes. */
async function countingServer(answer: (req: IncomingMessage, res: ServerResponse) => void) {
  const counted: BodyBytes[] = [];
  const server = createServer((req, res) => {
    const bytes = countBodyBytes(req, res);
    res.once('finish', () => counted.push(bytes));
    void sleep(20).then(async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      res.setHeader('x-received', Buffer.concat(chunks).length);
      answer(req, res);
    });
  });
  const port = await listenLocal(server, 0);
  return { url: `http://127.0.0.1:${port}`, counted, stop: () => new Promise((resolve) => server.close(resolve)) };
}

test('the body bytes each way: what the handler read and wrote, headers and chunk framing excluded', async () => {
  // Prepare
  const server = await countingServer((_req, res) => {
    res.write('é'.repeat(10)); // 20 bytes in UTF-8
    res.write(Buffer.alloc(1000));
    res.end('end');
  });
  try {
    // Act
    const answer = await fetch(server.url, { method: 'PUT', body: Buffer.alloc(70_000, 1) });
    const head = await fetch(server.url, { method: 'HEAD' });
    // Assert
    assert.equal(answer.headers.get('x-received'), '70000');
    assert.equal((await answer.arrayBuffer()).byteLength, 1023);
    assert.equal(head.status, 200);
    assert.deepEqual(server.counted, [
      { in: 70_000, out: 1023 },
      { in: 0, out: 0 }, // a HEAD answer carries no body, whatever the handler writes
    ]);
  } finally {
    await server.stop();
  }
});
