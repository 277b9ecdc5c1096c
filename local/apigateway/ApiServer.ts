import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { buildProxyEvent } from './event.ts';
import { matchRoute } from './routes.ts';
import { GATEWAY_ERRORS, mergeHeaders, parseProxyResult } from './response.ts';
import { TokenBucket } from './TokenBucket.ts';
import { API_GATEWAY_MAX_BODY_BYTES, bodyLimitFor, readLimitedBody } from './read-body.ts';
import { answerAndDrop, cutIdleClients, DEFAULT_IDLE_TIMEOUT_MS } from '../http/idle-clients.ts';
import { ThrottleReport } from './ThrottleReport.ts';
import { checkSigV4, type SigV4Refusal } from './sigv4.ts';
import type { ApiServerOptions, Route, StaticSite } from './types.ts';
import type { InvokeResult } from '../lambda/types.ts';
import { LOCAL_ACCOUNT } from '../local-names.ts';
import type { Meter } from '../meter/Meter.ts';
import { newTraceId } from '../meter/trace.ts';

/** What the adapter needs from a Lambda runtime. */
export interface LambdaInvoker {
  invoke(event: unknown, options?: { traceId?: string }): Promise<InvokeResult>;
}

type GatewayError = { status: number; message: string };

const MISSING_TOKEN: SigV4Refusal = {
  errorType: 'MissingAuthenticationTokenException',
  message: GATEWAY_ERRORS.missingAuthenticationToken.message,
};
const FORBIDDEN: SigV4Refusal = { errorType: 'ForbiddenException', message: GATEWAY_ERRORS.forbidden.message };

const INTEGRATION_TIMEOUT = Symbol('integration-timeout');

/**
 * A local API Gateway REST API (Lambda proxy integration): HTTP request → v1 proxy event → Lambda → HTTP response.
 * Gateway-made errors carry API Gateway's bodies. Only ever listens on 127.0.0.1.
 */
export class ApiServer {
  readonly #server: Server;
  readonly #routes: readonly Route[];
  readonly #invoker: LambdaInvoker;
  readonly #stage: string;
  readonly #maxBodyBytes: number;
  readonly #bucket: TokenBucket;
  readonly #throttled: ThrottleReport | undefined;
  /** Per-method throttles (`METHOD resource` → bucket), applied after the stage's. */
  readonly #methodBuckets: Map<string, TokenBucket>;
  readonly #integrationTimeoutMs: number;
  readonly #accessLog: ((line: string) => void) | undefined;
  readonly #port: number;
  readonly #apiKey: string | undefined;
  readonly #sites: readonly StaticSite[];
  readonly #meter: Meter | undefined;

  constructor(invoker: LambdaInvoker, options: ApiServerOptions) {
    this.#invoker = invoker;
    this.#meter = options.meter;
    this.#routes = options.routes;
    this.#stage = options.stage ?? 'local';
    this.#maxBodyBytes = options.maxBodyBytes ?? API_GATEWAY_MAX_BODY_BYTES;
    const rate = options.throttle?.rateLimit ?? 10_000;
    const burst = options.throttle?.burstLimit ?? 5_000;
    this.#bucket = new TokenBucket(rate, burst);
    this.#throttled =
      options.log &&
      new ThrottleReport(
        options.log,
        `stage throttle ${rate} req/s, burst ${burst} (change with -c throttleRateLimit=<n> -c throttleBurstLimit=<n>)`,
      );
    this.#methodBuckets = new Map(
      (options.methodThrottles ?? []).map((t) => [`${t.method} ${t.resource}`, new TokenBucket(t.rateLimit, t.burstLimit)]),
    );
    this.#integrationTimeoutMs = options.integrationTimeoutMs ?? 29_000;
    this.#accessLog = options.accessLog;
    this.#port = options.port ?? 0;
    this.#apiKey = options.apiKey;
    this.#sites = options.sites ?? [];
    const requestTimeout = options.requestTimeoutMs ?? 30_000;
    const headersTimeout = Math.min(options.headersTimeoutMs ?? 10_000, requestTimeout || Infinity);
    // Node checks the header and request timeouts every connectionsCheckingInterval (30 s by default, which let a
    // stalled client keep its socket up to twice as long as configured).
    this.#server = createServer({
      keepAlive: true,
      requestTimeout,
      headersTimeout,
      connectionsCheckingInterval: Math.min(headersTimeout, 1_000),
    });
    this.#server.keepAliveTimeout = 5_000;
    cutIdleClients(this.#server, options.clientIdleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS, (req, res) => {
      answerAndDrop(req, res, 408, { 'content-type': 'application/json' }, JSON.stringify({ message: 'Request Timeout' }));
    });
    this.#server.on('request', (req, res) => {
      // A bug in the adapter must answer 502 like API Gateway, never leave the client hanging.
      this.#handle(req, res).catch(() => {
        if (!res.headersSent) sendGatewayError(res, GATEWAY_ERRORS.internal);
        else res.destroy();
      });
    });
  }

  async start(): Promise<{ url: string; port: number }> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(this.#port, '127.0.0.1', () => resolve());
    });
    const { port } = this.#server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, port };
  }

  async stop(): Promise<void> {
    this.#throttled?.flush();
    if (!this.#server.listening) return;
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeAllConnections();
    await closed;
  }

  #siteFor(url: string): StaticSite | undefined {
    const path = url.split('?', 1)[0] ?? '/';
    return this.#sites.find((site) => path === site.prefix || path.startsWith(`${site.prefix}/`));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = this.#accessLog === undefined ? 0 : performance.now();
    const requestId = randomUUID();
    res.setHeader('x-amzn-requestid', requestId);
    if (this.#accessLog !== undefined) res.on('finish', () => this.#logAccess(req, res, requestId, started));
    const site = this.#siteFor(req.url ?? '/');
    if (site) return site.listener(req, res);
    if (!this.#bucket.take()) {
      this.#throttled?.count();
      return this.#drainThen(req, () => sendGatewayError(res, GATEWAY_ERRORS.throttled));
    }
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = matchRoute(this.#routes, req.method ?? 'GET', path);
    // A REST API answers every resource/method pair it does not define alike, an unknown path as much as a wrong
    // method on a known one: 403 "Missing Authentication Token" (it does not tell which paths exist), no Allow header.
    if (route.kind !== 'found') return this.#refuse(req, res, MISSING_TOKEN);
    if (this.#methodBuckets.get(`${req.method} ${route.resource}`)?.take() === false) {
      this.#throttled?.count();
      return this.#drainThen(req, () => sendGatewayError(res, GATEWAY_ERRORS.throttled));
    }
    const signed = route.route.authorization === 'AWS_IAM';
    if (signed && req.headers.authorization === undefined) return this.#refuse(req, res, MISSING_TOKEN);
    const read = await readLimitedBody(req, bodyLimitFor(req.headers['content-type'], this.#maxBodyBytes));
    if (read.kind === 'gone') return;
    if (read.kind === 'too-large') {
      // The rest of the body is never read: close the connection after the answer instead of draining it.
      res.shouldKeepAlive = false;
      res.setHeader('connection', 'close');
      return sendGatewayError(res, GATEWAY_ERRORS.tooLarge);
    }
    const refusal =
      (signed ? checkSigV4({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: read.body }) : undefined) ??
      (route.route.apiKeyRequired && !this.#isApiKey(req.headers['x-api-key']) ? FORBIDDEN : undefined);
    if (refusal) return this.#refuse(req, res, refusal);
    const event = buildProxyEvent(
      {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        rawHeaders: req.rawHeaders,
        body: read.body,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
      },
      route,
      { requestId, stage: this.#stage, apiId: 'local', accountId: LOCAL_ACCOUNT, now: new Date() },
    );
    await this.#invokeAndRespond(event, res);
  }

  async #invokeAndRespond(event: unknown, res: ServerResponse): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<typeof INTEGRATION_TIMEOUT>((resolve) => {
      timer = setTimeout(() => resolve(INTEGRATION_TIMEOUT), this.#integrationTimeoutMs);
    });
    let result: InvokeResult | typeof INTEGRATION_TIMEOUT;
    // A request that reaches its integration is billed (refused and throttled ones are not); it starts a trace, as
    // API Gateway with tracing on starts one and passes it to the function.
    const traceId = newTraceId();
    this.#meter?.apiRequest(traceId);
    try {
      result = await Promise.race([this.#invoker.invoke(event, { traceId }), timeout]);
    } catch {
      return sendGatewayError(res, GATEWAY_ERRORS.internal); // e.g. the runtime was closed under us
    } finally {
      clearTimeout(timer);
    }
    if (result === INTEGRATION_TIMEOUT) return sendGatewayError(res, GATEWAY_ERRORS.timeout);
    if (result.error?.errorType === 'Lambda.TooManyRequestsException') return sendGatewayError(res, GATEWAY_ERRORS.throttled);
    const proxy = result.error === undefined ? parseProxyResult(result.payload) : undefined;
    if (proxy === undefined) return sendGatewayError(res, GATEWAY_ERRORS.internal);
    const headers = mergeHeaders(proxy);
    headers['content-type'] ??= 'application/json';
    headers['content-length'] = String(proxy.body.length);
    res.writeHead(proxy.statusCode, headers);
    res.end(proxy.body);
  }

  #isApiKey(value: string | string[] | undefined): boolean {
    return this.#apiKey !== undefined && value === this.#apiKey;
  }

  /** API Gateway's 403s: the error type in `x-amzn-ErrorType`, the reason as the JSON body's message. */
  #refuse(req: IncomingMessage, res: ServerResponse, refusal: SigV4Refusal): void {
    res.setHeader('x-amzn-errortype', refusal.errorType);
    this.#drainThen(req, () => sendGatewayError(res, { status: 403, message: refusal.message }));
  }

  /** Answers after the request body is consumed so the keep-alive connection stays usable. */
  #drainThen(req: IncomingMessage, respond: () => void): void {
    if (req.complete) return respond();
    req.resume();
    req.once('end', respond);
  }

  #logAccess(req: IncomingMessage, res: ServerResponse, requestId: string, started: number): void {
    if (this.#accessLog === undefined) return;
    // The listener is only attached when access logging is on: nothing per request otherwise.
    const ms = (performance.now() - started).toFixed(2);
    this.#accessLog(
      `${req.socket.remoteAddress} ${requestId} "${req.method} ${redactQuery(req.url ?? '/')}" ${res.statusCode} ${res.getHeader('content-length') ?? 0} ${ms}ms`,
    );
  }
}

/** Query values may be credentials (`?token=…`, presigned signatures): the access log keeps only their names. */
export function redactQuery(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const names = url
    .slice(at + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => `${pair.split('=')[0]}=***`);
  return `${url.slice(0, at)}?${names.join('&')}`;
}

function sendGatewayError(res: ServerResponse, error: GatewayError): void {
  const body = JSON.stringify({ message: error.message });
  res.writeHead(error.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
