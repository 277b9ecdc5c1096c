/**
 * No request can crash or freeze the local stack: an aborted DynamoDB request, a crowd of stalled S3 uploads or slow
 * DynamoDB clients (more than an upstream pool has sockets), a flood of large API bodies and an oversized Step
 * Functions input each get AWS's answer while the stack keeps serving everyone else.
 * Counts are small enough for a test; `bench/api-body-flood.ts` runs the full-size body flood and reports memory.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { startTestStack, type TestStack } from '../../helpers/local-stack.ts';
import { BATCH_ARN } from './support.ts';

/** The edge's idle-client timeout here (20 s by default, as S3). */
const IDLE_MS = 1_000;
const HEADERS_MS = 2_000;
/** More clients than the 256 sockets an upstream pool used to have. */
const SLOW_CLIENTS = Number(process.env.CRASH_FREEZE_SLOW_CLIENTS ?? 260);
const LARGE_BODIES = Number(process.env.CRASH_FREEZE_LARGE_BODIES ?? 24);
/** A call that gets no answer within this is frozen. */
const ANSWER_WITHIN_MS = 15_000;

interface RawClient {
  socket: Socket;
  answer: () => string;
  closed: Promise<void>;
}

/** A raw TCP connection to `origin` that collects what the server sends. */
function openSocket(origin: string): Promise<RawClient> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    let received = '';
    const socket = connect(Number(port), hostname, () => resolve({ socket, answer: () => received, closed }));
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
    });
    socket.on('error', () => undefined); // the server may reset a connection it gave up on
    socket.once('error', reject);
  });
}

/** A raw HTTP/1.1 request whose head (and `bodyStart`) is sent; the rest of the body is up to the caller. */
async function openRequest(origin: string, head: string[], bodyStart: Buffer | string = ''): Promise<RawClient> {
  const client = await openSocket(origin);
  client.socket.write(`${[...head, `Host: ${new URL(origin).host}`].join('\r\n')}\r\n\r\n`);
  client.socket.write(bodyStart);
  return client;
}

const signedJsonHeaders = (target: string, length: number): string[] => [
  'Content-Type: application/x-amz-json-1.0',
  `X-Amz-Target: ${target}`,
  'X-Amz-Date: 20260101T000000Z',
  'Authorization: AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00',
  `Content-Length: ${length}`,
];

/**
 * POSTs `body` with a Content-Length (`declared`) or chunked, through node:http (which sends the Buffer without
 * copying it, so the process's memory is the stack's), and resolves with the answer even if the server stops reading.
 */
function postBody(url: string, body: Buffer, framing: 'declared' | 'chunked'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', ...(framing === 'declared' ? { 'content-length': body.length } : {}) },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', reject);
    });
    req.on('error', () => undefined); // writing the rest after the answer may fail: the server closed, as it should
    req.on('close', () => setTimeout(() => reject(new Error('the connection closed without an answer')), 1_000).unref());
    if (framing === 'declared') req.end(body);
    else {
      for (let sent = 0; sent < body.length; sent += 65_536) req.write(body.subarray(sent, sent + 65_536));
      req.end();
    }
  });
}

/** `promise`, or a failure naming `what` when it does not settle in ANSWER_WITHIN_MS (node's own defaults are 30-60 s). */
async function within<T>(what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ANSWER_WITHIN_MS);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function waitUntil(what: string, check: () => boolean, timeoutMs = ANSWER_WITHIN_MS): Promise<void> {
  for (const until = Date.now() + timeoutMs; Date.now() < until; await sleep(25)) if (check()) return;
  throw new Error(`timed out waiting for ${what}`);
}

describe('the local stack survives aborted, slow and oversized requests', () => {
  let t: TestStack;

  before(async () => {
    t = await startTestStack({ clientIdleTimeoutMs: IDLE_MS, aws: { edgeTimeouts: { idleMs: IDLE_MS, headersMs: HEADERS_MS } } });
  });

  after(async () => {
    await t?.stop();
  });

  const jobsAnswer = async (): Promise<number> =>
    (await fetch(`${t.stack.apiUrl}/jobs/${'0'.repeat(24)}`, { signal: AbortSignal.timeout(ANSWER_WITHIN_MS) })).status;
  const describeJobs = () =>
    t.dynamodb.send(new DescribeTableCommand({ TableName: 'Jobs' }), { abortSignal: AbortSignal.timeout(ANSWER_WITHIN_MS) });

  test('a DynamoDB PutItem aborted halfway through its body leaves DynamoDB, the edge and the API running', async () => {
    const body = `{"TableName":"Jobs","Item":{"jobId":{"S":"aborted"},"pad":{"S":"${'x'.repeat(300_000)}"}}}`;
    // Here the stack shares the test's process: what would kill `npm start` shows up as an uncaught exception.
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown): void => {
      uncaught.push(error);
    };
    process.on('uncaughtException', onUncaught);
    try {
      const { socket } = await openRequest(
        t.edgeUrl,
        ['POST / HTTP/1.1', ...signedJsonHeaders('DynamoDB_20120810.PutItem', body.length)],
        body.slice(0, 100_000),
      );
      await sleep(200); // the first part is through the edge
      socket.destroy();
      await sleep(200);
    } finally {
      process.off('uncaughtException', onUncaught);
    }

    assert.deepEqual(uncaught.map(String), []);
    const table = await describeJobs();
    assert.equal(table.Table?.TableStatus, 'ACTIVE');
    assert.equal(await jobsAnswer(), 404);
  });

  test(`${SLOW_CLIENTS} stalled S3 uploads each get 400 RequestTimeout and S3 keeps serving everyone else`, async () => {
    const stalled = await Promise.all(
      Array.from({ length: SLOW_CLIENTS }, (_, i) =>
        openRequest(t.edgeUrl, [`PUT /input/stalled/${i}.bin HTTP/1.1`, 'Content-Length: 100000'], 'x'.repeat(1_000)),
      ),
    );

    await t.s3.send(new PutObjectCommand({ Bucket: 'input', Key: 'stalled/after.txt', Body: 'still serving' }), {
      abortSignal: AbortSignal.timeout(ANSWER_WITHIN_MS),
    });
    const read = await t.s3.send(new GetObjectCommand({ Bucket: 'input', Key: 'stalled/after.txt' }), {
      abortSignal: AbortSignal.timeout(ANSWER_WITHIN_MS),
    });
    await waitUntil('every stalled upload answered', () => stalled.every(({ answer }) => answer() !== ''));

    assert.equal(await read.Body?.transformToString(), 'still serving');
    for (const { answer } of stalled) {
      assert.match(answer(), /^HTTP\/1\.1 400 /);
      assert.match(
        answer(),
        /<Code>RequestTimeout<\/Code><Message>Your socket connection to the server was not read from or written to within the timeout period/,
      );
    }
    stalled.forEach(({ socket }) => socket.destroy());
  });

  test('a client stalled in its headers (edge) or in its /predict body (API) is answered 408 and closed', async () => {
    const edgeClient = await openSocket(t.edgeUrl);
    edgeClient.socket.write('GET /input/key HTTP/1.1\r\nX-Unfinished: ');
    const apiClient = await openRequest(
      t.stack.apiUrl,
      ['POST /predict HTTP/1.1', 'Content-Type: application/json', 'Content-Length: 100'],
      '{"values":',
    );

    await within('both connections closed', Promise.all([edgeClient.closed, apiClient.closed]));

    assert.match(edgeClient.answer(), /^HTTP\/1\.1 408 /);
    assert.match(apiClient.answer(), /^HTTP\/1\.1 408 /);
    assert.match(apiClient.answer(), /\{"message":"Request Timeout"\}$/);
  });

  test(`${SLOW_CLIENTS} slow DynamoDB clients cannot starve DynamoDB or GET /jobs`, async () => {
    const slow = await Promise.all(
      Array.from({ length: SLOW_CLIENTS }, () =>
        openRequest(t.edgeUrl, ['POST / HTTP/1.1', ...signedJsonHeaders('DynamoDB_20120810.DescribeTable', 1_000)], '{'),
      ),
    );
    // A byte now and then: slow, never idle, so the idle timeout does not free them.
    const trickle = setInterval(() => slow.forEach(({ socket }) => socket.write(' ')), IDLE_MS / 4);
    try {
      const table = await describeJobs();
      const jobs = await jobsAnswer();

      assert.equal(table.Table?.TableName, 'Jobs');
      assert.equal(jobs, 404);
      assert.ok(
        slow.every(({ answer }) => answer() === ''),
        'the slow clients are still being read',
      );
    } finally {
      clearInterval(trickle);
      slow.forEach(({ socket }) => socket.destroy());
    }
  });

  test(`${LARGE_BODIES} concurrent 9.9 MB /predict bodies get the gateway's 413 without reaching Lambda or memory`, async () => {
    const body = Buffer.alloc(9.9 * 1024 * 1024, 'x');
    const invocationsBefore = t.stack.runtime.stats().invocations;
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }, 10);
    let answers: Awaited<ReturnType<typeof Promise.all>> | undefined;
    try {
      answers = await Promise.all([
        ...Array.from({ length: LARGE_BODIES }, () => postBody(`${t.stack.apiUrl}/predict`, body, 'declared')),
        postBody(`${t.stack.apiUrl}/predict`, body, 'chunked'),
      ]);
    } finally {
      clearInterval(sampler);
    }
    const invocationsAfter = t.stack.runtime.stats().invocations;
    const after = await fetch(`${t.stack.apiUrl}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"values":[[5.1,3.5,1.4,0.2]]}',
    });

    assert.deepEqual(
      answers,
      answers.map(() => ({ status: 413, body: '{"message":"Request Too Long"}' })),
    );
    assert.equal(invocationsAfter, invocationsBefore, 'no body reached the function');
    assert.ok(rssPeak - rssBefore < 150 * 1024 * 1024, `the stack grew by ${Math.round((rssPeak - rssBefore) / 1024 / 1024)} MB`);
    assert.equal(after.status, 200);
  });

  test('StartExecution with more than 256 KiB of UTF-8 input gets a ValidationException; 256 KiB exactly starts', async () => {
    const pad = (bytes: number): string => JSON.stringify({ pad: 'é'.repeat((bytes - 10) / 2) }); // 'é' is 2 bytes in UTF-8
    const tooLarge = pad(262_146);
    const atLimit = pad(262_144);
    assert.ok(tooLarge.length < 262_144, 'the limit counts UTF-8 bytes, not characters');

    const refused = await t.sfn.send(new StartExecutionCommand({ stateMachineArn: BATCH_ARN, input: tooLarge })).then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    const started = await t.sfn.send(new StartExecutionCommand({ stateMachineArn: BATCH_ARN, input: atLimit }));
    await t.sfn.send(new StopExecutionCommand({ executionArn: started.executionArn }));

    assert.equal(Buffer.byteLength(atLimit), 262_144);
    assert.equal(refused?.name, 'ValidationException');
    assert.match(
      refused?.message ?? '',
      /Value at 'input' failed to satisfy constraint: Member must have length less than or equal to 262144/,
    );
    assert.ok(started.executionArn);
  });
});
