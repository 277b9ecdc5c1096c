/**
 * API robustness: POST /predict through the local API Gateway and Lambda runtime with whatever a client may send —
 * seeded random JSON, deep nesting, huge arrays, wrong types and content types, 10 MB bodies, other methods and
 * paths. Never a 500, never a hang, never a stack trace; every 4xx from the function is JSON with `error.code`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLocalStack, type LocalStack } from '../../../local/stack.ts';

const REQUEST_TIMEOUT_MS = 15_000;
const FEATURES = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];
const STACK_TRACE = /\n\s+at |at [\w.<>]+ \(.*:\d+:\d+\)|file:\/\/|node:internal/;

interface Sent {
  method?: string;
  path?: string;
  body?: string | Buffer;
  contentType?: string | null;
}

interface Answer {
  status: number;
  text: string;
  json: Record<string, unknown> | undefined;
}

/** mulberry32: a tiny seeded PRNG, so a failing case can be replayed from its index. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NUMBERS = [0, -0, 1, -1, 5.1, 1e308, -1e308, 3.5e38, 1e-320, Number.MAX_SAFE_INTEGER, 0.1, 42];
const STRINGS = ['', 'a', '5.1', 'NaN', 'Infinity', '-Infinity', '1e999', '<script>', '\u0000', '\ud800', '𝄞', 'null', 'values'];
const KEYS = ['values', 'instances', ...FEATURES, 'value', '__proto__', 'constructor', 'x', ''];

function randomValue(next: () => number, depth: number): unknown {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const kind = Math.floor(next() * (depth > 3 ? 5 : 8));
  switch (kind) {
    case 0:
      return pick(NUMBERS);
    case 1:
      return (next() - 0.5) * 10 ** Math.floor(next() * 12);
    case 2:
      return pick(STRINGS);
    case 3:
      return next() < 0.5;
    case 4:
      return null;
    case 5:
      return Array.from({ length: Math.floor(next() * 6) }, () => randomValue(next, depth + 1));
    case 6:
      return Array.from({ length: Math.floor(next() * 5) }, () =>
        Array.from({ length: 3 + Math.floor(next() * 3) }, () => (next() < 0.8 ? next() * 8 : randomValue(next, depth + 2))),
      );
    default:
      return Object.fromEntries(Array.from({ length: Math.floor(next() * 5) }, () => [pick(KEYS), randomValue(next, depth + 1)]));
  }
}

/** A random request body: mostly near-valid shapes (so validation paths are hit), some pure noise. */
function randomBody(next: () => number): string {
  const roll = next();
  if (roll < 0.35) return JSON.stringify({ values: randomValue(next, 1) });
  if (roll < 0.55)
    return JSON.stringify({ instances: [Object.fromEntries(FEATURES.filter(() => next() < 0.8).map((f) => [f, randomValue(next, 3)]))] });
  if (roll < 0.85) return JSON.stringify(randomValue(next, 0));
  const text = JSON.stringify({ values: [[5.1, 3.5, 1.4, 0.2]] });
  const cut = Math.floor(next() * text.length); // truncated or corrupted JSON
  return next() < 0.5 ? text.slice(0, cut) : `${text.slice(0, cut)}${String.fromCharCode(Math.floor(next() * 128))}${text.slice(cut + 1)}`;
}

describe('POST /predict fuzzing through the local API', () => {
  let stack: LocalStack;
  before(async () => {
    stack = await startLocalStack({ apiPort: 0, concurrency: 2, lambdaLogs: false });
  });
  after(() => stack.stop());

  async function send(request: Sent): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (request.contentType !== null) headers['content-type'] = request.contentType ?? 'application/json';
    const response = await fetch(`${stack.apiUrl}${request.path ?? '/predict'}`, {
      method: request.method ?? 'POST',
      headers,
      body: request.body,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    let json: Record<string, unknown> | undefined;
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      json = undefined;
    }
    return { status: response.status, text, json };
  }

  /** The invariants every answer keeps; `fromFunction` = the request reached the function (body within the gateway limit). */
  function assertSafe(answer: Answer, what: string, fromFunction: boolean): void {
    assert.ok(answer.status < 500, `${what}: ${answer.status} ${answer.text.slice(0, 300)}`);
    assert.ok(answer.json !== undefined, `${what}: not JSON: ${answer.text.slice(0, 200)}`);
    assert.doesNotMatch(answer.text, STACK_TRACE, `${what}: stack trace in ${answer.text.slice(0, 300)}`);
    if (fromFunction && answer.status >= 400) {
      const error = answer.json!.error as { code?: unknown; message?: unknown } | undefined;
      assert.equal(typeof error?.code, 'string', `${what}: no error.code in ${answer.text.slice(0, 200)}`);
      assert.equal(typeof error?.message, 'string', `${what}: no error.message`);
    }
  }

  test('300 seeded random JSON bodies: 200 or a JSON 4xx with error.code, never 5xx', async () => {
    const next = prng(20261126);
    const bodies = Array.from({ length: 300 }, () => randomBody(next));
    const statuses = new Map<number, number>();

    for (let i = 0; i < bodies.length; i += 8) {
      const answers = await Promise.all(bodies.slice(i, i + 8).map((body) => send({ body })));
      answers.forEach((answer, j) => {
        assertSafe(answer, `case ${i + j} ${bodies[i + j]!.slice(0, 120)}`, true);
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      });
    }

    assert.ok((statuses.get(400) ?? 0) > 100, JSON.stringify([...statuses]));
  });

  const edgeCases: [string, Sent, number | number[]][] = [
    ['100k unbalanced [', { body: '['.repeat(100_000) }, 400],
    ['100k balanced nesting', { body: `${'['.repeat(100_000)}${']'.repeat(100_000)}` }, 400],
    ['100k nesting under values', { body: `{"values":${'['.repeat(100_000)}${']'.repeat(100_000)}}` }, 400],
    ['50k nested objects', { body: `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}` }, 400],
    ['10 000 rows (the limit)', { body: JSON.stringify({ values: Array.from({ length: 10_000 }, () => [5.1, 3.5, 1.4, 0.2]) }) }, 200],
    ['10 001 rows', { body: JSON.stringify({ values: Array.from({ length: 10_001 }, () => [5.1, 3.5, 1.4, 0.2]) }) }, 413],
    ['a 5 MB array of numbers', { body: JSON.stringify({ values: [new Array(1_000_000).fill(1.5)] }) }, 413],
    ['one row of a million numbers under 1 MB', { body: JSON.stringify({ values: [new Array(400_000).fill(1)] }) }, 400],
    ['values is a string', { body: '{"values":"5.1,3.5,1.4,0.2"}' }, 400],
    ['values is an object', { body: '{"values":{"0":[5.1,3.5,1.4,0.2]}}' }, 400],
    ['numbers as strings', { body: '{"values":[["5.1","3.5","1.4","0.2"]]}' }, [200, 400]],
    ['null cells', { body: '{"values":[[null,3.5,1.4,0.2]]}' }, 400],
    ['booleans', { body: '{"values":[[true,false,true,false]]}' }, 400],
    ['1e999 (Infinity after parse)', { body: '{"values":[[1e999,3.5,1.4,0.2]]}' }, 400],
    ['beyond float32', { body: '{"values":[[1e39,3.5,1.4,0.2]]}' }, 400],
    ['instances missing a feature', { body: '{"instances":[{"sepal_length":5.1}]}' }, 400],
    [
      'instances with an unknown feature',
      { body: '{"instances":[{"sepal_length":5.1,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2,"x":1}]}' },
      [200, 400],
    ],
    ['__proto__ pollution attempt', { body: '{"__proto__":{"values":[[1,2,3,4]]},"constructor":{"prototype":{"x":1}}}' }, 400],
    ['a JSON array body', { body: '[[5.1,3.5,1.4,0.2]]' }, 400],
    ['a JSON string body', { body: '"hello"' }, 400],
    ['a JSON number body', { body: '42' }, 400],
    ['JSON null', { body: 'null' }, 400],
    ['empty body', { body: '' }, 400],
    ['whitespace body', { body: ' \n\t ' }, 400],
    ['invalid UTF-8 bytes', { body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) }, 400],
    ['a UTF-8 BOM before valid JSON', { body: '\ufeff{"values":[[5.1,3.5,1.4,0.2]]}' }, [200, 400]],
    ['NUL bytes', { body: '{"values":[[5.1,3.5,1.4,0.2]]}\u0000\u0000' }, 400],
    ['binary noise', { body: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)) }, 400],
    ['text/xml content type', { body: '<values>1</values>', contentType: 'text/xml' }, 415],
    ['multipart content type', { body: '--x\r\n\r\n--x--', contentType: 'multipart/form-data; boundary=x' }, 415],
    ['octet-stream content type', { body: '{"values":[[5.1,3.5,1.4,0.2]]}', contentType: 'application/octet-stream' }, 415],
    ['no content type', { body: '{"values":[[5.1,3.5,1.4,0.2]]}', contentType: null }, 200],
    ['garbage content type', { body: '{"values":[[5.1,3.5,1.4,0.2]]}', contentType: ';;;=' }, [200, 415]],
    [
      'upper-case JSON content type with charset',
      { body: '{"values":[[5.1,3.5,1.4,0.2]]}', contentType: 'APPLICATION/JSON; charset=UTF-8' },
      200,
    ],
    [
      "a 10 MB body (at the gateway limit, over Lambda's)",
      { body: `{"values":[[5.1,3.5,1.4,0.2]],"pad":"${'x'.repeat(10 * 1024 * 1024 - 40)}"}` },
      413,
    ],
    ['just over 10 MB (gateway refuses)', { body: 'x'.repeat(10 * 1024 * 1024 + 1) }, 413],
    ['GET /predict', { method: 'GET' }, [403, 404, 405]],
    ['PUT /predict', { method: 'PUT', body: '{"values":[[5.1,3.5,1.4,0.2]]}' }, [403, 404, 405]],
    ['DELETE /predict', { method: 'DELETE' }, [403, 404, 405]],
    ['unknown path', { path: '/nope' }, [403, 404]],
    ['path traversal', { path: '/predict/../../etc/passwd' }, [403, 404]],
    ['encoded path', { path: '/%2e%2e/%00' }, [400, 403, 404]],
    [
      'query string with prototype keys',
      { path: '/predict?values=1&__proto__=x&constructor=y&constructor=z', body: '{"values":[[5.1,3.5,1.4,0.2]]}' },
      200,
    ],
  ];

  for (const [name, request, expected] of edgeCases) {
    test(`${name}: ${Array.isArray(expected) ? expected.join('/') : expected}, JSON, no trace`, async () => {
      const answer = await send(request);

      const size = request.body === undefined ? 0 : Buffer.byteLength(request.body);
      // Bodies over Lambda's 6 MB invoke payload are refused by the gateway (`413 Request Too Long`), as on AWS.
      const reachesFunction =
        (request.path ?? '/predict') === '/predict' && (request.method ?? 'POST') === 'POST' && size <= 6 * 1024 * 1024;
      assertSafe(answer, name, reachesFunction);
      assert.ok([expected].flat().includes(answer.status), `${name}: got ${answer.status} ${answer.text.slice(0, 200)}`);
    });
  }

  test('the API still answers correctly after the fuzzing', async () => {
    const answer = await send({ body: '{"values":[[5.9,3.0,5.1,2.3]]}' });

    assert.equal(answer.status, 200);
    assert.deepEqual(answer.json!.labels, ['virginica']);
  });
});
