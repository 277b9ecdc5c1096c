/**
 * Security of the local stack: every listener (the stack's and the Lambda instances') is bound to
 * 127.0.0.1 only; request bodies, CSV contents and credentials never reach the collected logs; the API body limit
 * (413) and stage throttling (429) are in force locally.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startTestStack, type TestStack } from '../../helpers/local-stack.ts';
import type { LogSink } from '../../../local/types.ts';
import { irisCsv, waitFor } from './support.ts';

const MARKER = 'Zq7-SECRET-MARKER-41';
const ACCESS_KEY = 'AKIAMARKERACCESSKEY1';
const SECRET_KEY = 'marker/secret/KEY+do-not-log-0123456789';
const THROTTLE = { rateLimit: 5, burstLimit: 30 };

function collectingSink(lines: string[]): LogSink {
  return { info: (line) => lines.push(line), lambda: (line) => lines.push(line), access: (line) => lines.push(line) };
}

/** Listening TCP sockets of a process as `address:port` (Linux /proc; hex little-endian IPv4, IPv6 as raw hex). */
function listeningSockets(pid: number | 'self'): string[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(match[1]!);
    } catch {
      // the fd closed meanwhile
    }
  }
  const sockets: string[] = [];
  for (const table of ['tcp', 'tcp6']) {
    for (const line of readFileSync(`/proc/${pid}/net/${table}`, 'utf8').trim().split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[3] !== '0A' || !inodes.has(fields[9]!)) continue; // 0A = LISTEN
      const [hexAddress, hexPort] = fields[1]!.split(':');
      const address =
        table === 'tcp'
          ? hexAddress!
              .match(/../g)!
              .reverse()
              .map((b) => Number.parseInt(b, 16))
              .join('.')
          : `[${hexAddress}]`;
      sockets.push(`${address}:${Number.parseInt(hexPort!, 16)}`);
    }
  }
  return sockets;
}

describe('security of the local stack', () => {
  let t: TestStack;
  const lines: string[] = [];
  before(async () => {
    t = await startTestStack({ log: collectingSink(lines), lambdaLogs: true, accessLog: true, throttle: THROTTLE });
  });
  after(() => t.stop());

  test('every listening socket of the stack and of its Lambda instances is on 127.0.0.1', {
    skip: !existsSync('/proc/self/net/tcp') && 'needs Linux /proc',
  }, async () => {
    await fetch(`${t.stack.apiUrl}/predict`, { method: 'POST', body: '{"values":[[5.1,3.5,1.4,0.2]]}' }); // starts an instance

    const sockets = [
      listeningSockets('self'),
      ...[...t.stack.runtime.pids(), ...(t.stack.taskRuntime?.pids() ?? [])].map((pid) => listeningSockets(pid)),
    ].flat();

    const ports = t.stack.services.map((s) => Number(new URL(s.url).port));
    assert.ok(
      ports.every((port) => sockets.includes(`127.0.0.1:${port}`)),
      `${ports} vs ${sockets}`,
    );
    assert.ok(sockets.length >= ports.length);
    assert.deepEqual(
      sockets.filter((s) => !s.startsWith('127.0.0.1:')),
      [],
    );
    assert.ok(t.stack.services.every((s) => new URL(s.url).hostname === '127.0.0.1'));
  });

  test('bodies, CSV contents and credentials never appear in the logs', async () => {
    const auth = { authorization: `Bearer ${MARKER}-token`, 'x-api-key': `${MARKER}-apikey`, 'content-type': 'application/json' };
    const bodies = [
      JSON.stringify({ values: [[5.1, 3.5, 1.4, 0.2]], note: MARKER }),
      JSON.stringify({ values: [[MARKER, 3.5, 1.4, 0.2]] }),
      JSON.stringify({ instances: [{ [MARKER]: 1 }] }),
      `{"values": ${MARKER}`,
    ];
    for (const body of bodies) {
      const response = await fetch(`${t.stack.apiUrl}/predict?token=${MARKER}-query`, { method: 'POST', headers: auth, body });
      await response.arrayBuffer();
    }
    const client = new S3Client({
      endpoint: t.edgeUrl,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY },
    });
    await client.send(new PutObjectCommand({ Bucket: 'input', Key: 'secure/marked.csv', Body: `${irisCsv(3)}4,${MARKER},1,1,1,x,y\n` }));
    client.destroy();
    const summary = await t.waitForSummary('secure/marked.csv');
    // The secrets' absence means something only once the lines of the code paths that held them are in: /predict
    // refusing a marked body, the chunk that read and rejected the marked row, and the job's last line (Finalize).
    const logged = (...parts: string[]) => lines.some((l) => parts.every((part) => l.includes(part)));
    await waitFor(
      'the log lines of the refused bodies and of the marked job',
      async () =>
        (logged('rejected request') &&
          logged('chunk scored', summary.jobId, '"rowsRejected":1') &&
          logged('job state', summary.jobId, 'SUCCEEDED')) ||
        undefined,
    );

    assert.equal(summary.rowsRejected, 1, 'the marked row was read and rejected');
    assert.ok(lines.length > 10, `only ${lines.length} log lines collected`);
    assert.ok(
      lines.some((l) => l.includes('/predict')),
      'access lines collected',
    );
    const leaks = lines.filter((l) => [MARKER, ACCESS_KEY, SECRET_KEY, 'AWS_SECRET_ACCESS_KEY', 'Signature='].some((s) => l.includes(s)));
    assert.deepEqual(leaks, []);
  });

  test('bodies over the limits are refused with 413 (function: 1 MB, gateway: 10 MB)', async () => {
    const overFunction = await fetch(`${t.stack.apiUrl}/predict`, {
      method: 'POST',
      body: `{"values":[[1,2,3,4]],"pad":"${'x'.repeat(1024 * 1024)}"}`,
    });
    const overGateway = await fetch(`${t.stack.apiUrl}/predict`, { method: 'POST', body: 'x'.repeat(10 * 1024 * 1024 + 1) });

    assert.equal(overFunction.status, 413);
    assert.equal(((await overFunction.json()) as { error: { code: string } }).error.code, 'PAYLOAD_TOO_LARGE');
    assert.equal(overGateway.status, 413);
    assert.deepEqual(await overGateway.json(), { message: 'Request Too Long' });
  });

  test('a burst beyond the stage throttle gets 429 Too Many Requests, and the API recovers', async () => {
    const requests = 120;
    const sentAt = performance.now();
    const burst = await Promise.all(
      Array.from({ length: requests }, () =>
        fetch(`${t.stack.apiUrl}/predict`, { method: 'POST', body: '{"values":[[5.1,3.5,1.4,0.2]]}' }),
      ),
    );
    const elapsedSeconds = (performance.now() - sentAt) / 1000;
    const statuses = burst.map((r) => r.status);
    const throttled = burst.filter((r) => r.status === 429);
    const bodies = await Promise.all(throttled.map((r) => r.json()));
    await Promise.all(burst.filter((r) => r.status !== 429).map((r) => r.arrayBuffer()));
    await new Promise((resolve) => setTimeout(resolve, 1000 / THROTTLE.rateLimit + 50));
    const later = await fetch(`${t.stack.apiUrl}/predict`, { method: 'POST', body: '{"values":[[5.1,3.5,1.4,0.2]]}' });

    // A token bucket admits the burst plus the rate times however long the requests took to arrive (a loaded machine
    // spreads them out): anything beyond that must be refused.
    const admissible = THROTTLE.burstLimit + Math.ceil(THROTTLE.rateLimit * elapsedSeconds) + 1;
    assert.ok(throttled.length >= Math.max(1, requests - admissible), `${elapsedSeconds.toFixed(2)} s: ${statuses.join()}`);
    assert.ok(
      statuses.every((s) => s === 200 || s === 429),
      statuses.join(),
    );
    assert.ok(bodies.every((b) => JSON.stringify(b) === '{"message":"Too Many Requests"}'));
    assert.equal(later.status, 200);
  });
});
