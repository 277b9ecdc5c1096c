/**
 * A recording DynamoDB endpoint for tests: the functions are pointed at it (`AWS_ENDPOINT_URL_DYNAMODB`, the SDK's
 * per-service endpoint) and it forwards every request to the stack's edge unchanged, keeping the request, the answer
 * and, for a single-item write, the item under its key just before and just after. Those two reads are what a
 * write is billed on (the larger of the old and new item; the existing item when a condition fails) and the answer
 * does not carry them. They are strongly consistent GetItems sent without a trace header, so no job is billed for
 * them, and writes to one key pass one at a time, so no other write of the key lands between them.
 */
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DescribeTableCommand, DynamoDBClient, GetItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';

export type Item = Record<string, AttributeValue>;

/** One request as the functions sent it and the edge answered it. */
export interface DynamoExchange {
  /** `GetItem`, `UpdateItem`… (the `X-Amz-Target` after its prefix). */
  operation: string;
  /** The `Root=` of the request's `X-Amzn-Trace-Id`: the job (trace) that sent it. */
  traceId: string | undefined;
  request: Record<string, unknown>;
  status: number;
  answer: Record<string, unknown> | undefined;
  /** Single-item writes: the item under the key before the write was forwarded and after it was answered. */
  before?: Item;
  after?: Item;
}

export interface DynamoRecorder {
  url: string;
  exchanges: DynamoExchange[];
  stop(): Promise<void>;
}

const SINGLE_ITEM_WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'content-length']);

/**
 * A port free now, for the edge: the recorder must know where to forward before the stack starts, as the stack's
 * start already runs the functions (its schedules fire once), and they need the recorder's address to start.
 */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * Runs `start` on a port that was free a moment ago. It was probed and released, so another process may take it
 * before `start` listens: `start` failing with EADDRINUSE (having cleaned up after itself) is run again on another.
 */
export async function onFreePort<T>(start: (port: number) => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(await freePort());
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt === attempts) throw error;
    }
  }
}

/** Starts the recorder in front of the edge at `edgeUrl` (which need not run yet). */
export async function startDynamoRecorder(edgeUrl: string, region: string): Promise<DynamoRecorder> {
  const exchanges: DynamoExchange[] = [];
  const edge = new URL(edgeUrl);
  const side = sideReader(edgeUrl, region);
  const server = createServer((req, res) => {
    record(req, res, edge, side).then(
      (exchange) => exchanges.push(exchange),
      (error: Error) => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`recorder: ${error.message}`);
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    exchanges,
    stop: () =>
      new Promise<void>((resolve) => {
        side.client.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function record(req: IncomingMessage, res: ServerResponse, edge: URL, side: SideReader): Promise<DynamoExchange> {
  const body = await readAll(req);
  const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
  const parsed = parseJson(body) ?? {};
  const forward = () => forwardRequest(edge, req, body);
  if (!SINGLE_ITEM_WRITES.has(operation)) {
    const answer = await forward();
    relay(res, answer);
    return exchangeOf(operation, req.headers, parsed, answer);
  }
  const table = String(parsed.TableName);
  const key = await side.keyOf(table, parsed);
  return side.exclusive(table, key, async () => {
    const before = await side.read(table, key);
    const answer = await forward();
    const after = await side.read(table, key);
    relay(res, answer);
    return { ...exchangeOf(operation, req.headers, parsed, answer), before, after };
  });
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function exchangeOf(operation: string, headers: IncomingHttpHeaders, request: Record<string, unknown>, answer: Answer): DynamoExchange {
  return { operation, traceId: traceRoot(headers['x-amzn-trace-id']), request, status: answer.status, answer: parseJson(answer.body) };
}

/** A JSON protocol body; undefined when empty or not JSON (the edge answers such a request itself). */
function parseJson(body: Buffer): Record<string, unknown> | undefined {
  try {
    return body.length === 0 ? undefined : (JSON.parse(body.toString('utf8')) as Record<string, unknown>);
  } catch {
    return undefined;
  }
}

/** The `Root=` of an `X-Amzn-Trace-Id` header (`Root=1-…;Parent=…;Sampled=1`). */
function traceRoot(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const root = value?.split(';').find((part) => part.trim().startsWith('Root='));
  return root?.trim().slice('Root='.length) || undefined;
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('end', () => resolve(Buffer.concat(chunks)));
    stream.once('error', reject);
  });
}

/** Sends the request on as it came (headers and all: the edge reads the trace header from it). */
function forwardRequest(edge: URL, req: IncomingMessage, body: Buffer): Promise<Answer> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
  }
  headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const upstream = request(edge, { method: req.method, path: req.url, headers }, (answer) => {
      void readAll(answer).then((answerBody) => resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: answerBody }));
    });
    upstream.once('error', reject);
    upstream.end(body);
  });
}

function relay(res: ServerResponse, answer: Answer): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(answer.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
  }
  res.writeHead(answer.status, { ...headers, 'content-length': String(answer.body.length) });
  res.end(answer.body);
}

interface SideReader {
  client: DynamoDBClient;
  /** The request's primary key (a PutItem names it inside its item: the table's key schema says which attributes). */
  keyOf(table: string, request: Record<string, unknown>): Promise<Item>;
  read(table: string, key: Item): Promise<Item | undefined>;
  /** Runs `fn` once every earlier `fn` on the same key has finished. */
  exclusive<T>(table: string, key: Item, fn: () => Promise<T>): Promise<T>;
}

function sideReader(edgeUrl: string, region: string): SideReader {
  // No trace: the process runs no Lambda invocation, so the SDK sends no X-Amzn-Trace-Id and the meter bills no job.
  const client = new DynamoDBClient({ endpoint: edgeUrl, region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const keyNames = new Map<string, Promise<string[]>>();
  const queues = new Map<string, Promise<unknown>>();
  const namesOf = (table: string) => {
    if (!keyNames.has(table)) {
      const described = client.send(new DescribeTableCommand({ TableName: table }));
      keyNames.set(
        table,
        described.then((out) => (out.Table?.KeySchema ?? []).map((k) => k.AttributeName!)),
      );
    }
    return keyNames.get(table)!;
  };
  return {
    client,
    keyOf: async (table, req) => {
      if (req.Key !== undefined) return req.Key as Item;
      const item = req.Item as Item;
      return Object.fromEntries((await namesOf(table)).map((name) => [name, item[name]!]));
    },
    read: async (table, key) => (await client.send(new GetItemCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item,
    exclusive: (table, key, fn) => {
      const id = `${table}\n${JSON.stringify(Object.entries(key).sort(([a], [b]) => a.localeCompare(b)))}`;
      const run = (queues.get(id) ?? Promise.resolve()).then(fn, fn);
      queues.set(
        id,
        run.catch(() => undefined),
      );
      return run;
    },
  };
}
