import { Agent, createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { proxyRequest } from './proxy-request.ts';
import { routeRequest } from './route-request.ts';
import type { Edge, EdgeDecision, EdgeOptions, EdgeRoutes, EdgeServiceName, EdgeTarget, RequestListener } from './types.ts';
import { traceRootOf } from '../meter/trace.ts';
import { countBodyBytes, type BodyBytes } from './body-bytes.ts';
import { answerRequestTimeout } from './request-timeout.ts';
import { allowJsonProtocolOrigin, answerJsonProtocolPreflight, isJsonProtocolPreflight } from './json-cors.ts';
import { listenLocal } from '../http/listen.ts';
import { cutIdleClients, DEFAULT_IDLE_TIMEOUT_MS } from '../http/idle-clients.ts';

export const DEFAULT_EDGE_PORT = 4566;
/** A client gets this long to send its request line and headers (Node's own default is 60 s). */
export const DEFAULT_HEADERS_TIMEOUT_MS = 20_000;

function sendJsonError(res: ServerResponse, status: number, type: string, message: string): void {
  const body = JSON.stringify({ __type: type, message });
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function healthBody(routes: EdgeRoutes): string {
  const state = (target: EdgeTarget | undefined): string => (target === undefined ? 'disabled' : 'running');
  return JSON.stringify({
    services: { s3: state(routes.s3), dynamodb: state(routes.dynamodb), stepfunctions: state(routes.stepfunctions) },
    edition: 'local',
  });
}

/** Turns each route into a listener: URLs are proxied (streaming, keep-alive), listeners are called in-process. */
function toListener(name: EdgeServiceName, target: EdgeTarget, agents: Agent[], log: (line: string) => void): RequestListener {
  if (typeof target === 'function') return target;
  const url = new URL(target);
  // One pool per service and no socket cap: each client request holds exactly one upstream socket, so a crowd of
  // slow clients of one service can neither queue the others' requests nor starve another service.
  const agent = new Agent({ keepAlive: true });
  agents.push(agent);
  return (req, res) => {
    void proxyRequest(req, res, {
      target: url,
      agent,
      onError: (error, response) => {
        log(`[edge] ${name} unreachable at ${url.origin}: ${error.message}`);
        sendJsonError(response, 502, 'ServiceUnavailable', `The local ${name} service is not reachable.`);
      },
    });
  };
}

/**
 * `[edge] s3 GET /output/a.csv 200 in=0 out=5120 trace=1-…` or `[edge] dynamodb POST DynamoDB_20120810.GetItem 200
 * in=84 out=112 trace=-`: what was asked and answered, with the body bytes received and sent (S3's server access log
 * has them too), never the query values or the bodies.
 */
export function edgeAccessLine(decision: EdgeDecision, req: IncomingMessage, res: ServerResponse, bytes: BodyBytes): string {
  const service = decision.kind === 'service' ? decision.service : decision.kind;
  const target = req.headers['x-amz-target'];
  const what = typeof target === 'string' && target !== '' ? target : (req.url ?? '/').split('?', 1)[0];
  const query = (req.url ?? '').includes('?') ? ` ?${[...new URL(req.url ?? '/', 'http://local').searchParams.keys()].join('&')}` : '';
  const trace = traceRootOf(req.headers['x-amzn-trace-id']) ?? '-';
  return `[edge] ${service} ${req.method} ${what}${query} ${res.statusCode} in=${bytes.in} out=${bytes.out} trace=${trace}`;
}

/**
 * The one endpoint AWS clients point at (`endpoint` / `AWS_ENDPOINT_URL` / `--endpoint-url`), routing each
 * request to S3, DynamoDB or Step Functions by its protocol, as LocalStack's edge port does.
 */
export async function startEdge(options: EdgeOptions): Promise<Edge> {
  const log = options.log ?? (() => undefined);
  const agents: Agent[] = [];
  const listeners: Partial<Record<EdgeServiceName, RequestListener>> = {};
  for (const name of ['s3', 'dynamodb', 'stepfunctions'] as const) {
    const target = options.routes[name];
    if (target !== undefined) listeners[name] = toListener(name, target, agents, log);
  }
  const health = healthBody(options.routes);
  const accessLog = options.accessLog;
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    if (isJsonProtocolPreflight(req)) return answerJsonProtocolPreflight(req, res);
    const decision = routeRequest(req.method, req.url, req.headers);
    if (accessLog) {
      const bytes = countBodyBytes(req, res);
      res.once('finish', () => accessLog(edgeAccessLine(decision, req, res, bytes)));
    }
    if (decision.kind === 'health') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(health) });
      res.end(req.method === 'HEAD' ? undefined : health);
      return;
    }
    if (decision.kind === 'meter') {
      if (options.meter) return options.meter(req, res);
      req.resume();
      sendJsonError(res, 404, 'NotFound', 'This local stack runs without a meter (--no-meter).');
      return;
    }
    if (decision.kind === 'unknown-target') {
      req.resume();
      sendJsonError(res, 400, 'UnknownOperationException', `The local stack does not emulate ${decision.target}.`);
      return;
    }
    if (decision.service !== 's3') allowJsonProtocolOrigin(req, res);
    const listener = listeners[decision.service];
    if (!listener) {
      req.resume();
      sendJsonError(res, 503, 'ServiceUnavailable', `${decision.service} is not running in this local stack.`);
      return;
    }
    listener(req, res);
  };
  const headersTimeout = options.timeouts?.headersMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  // No whole-request timeout (a 1 GB upload may take minutes); idle clients are cut instead (cutIdleClients). Node
  // checks the headers timeout every connectionsCheckingInterval (30 s by default, which would double it).
  const server = createServer(
    {
      keepAliveTimeout: 65_000,
      requestTimeout: 0,
      headersTimeout,
      connectionsCheckingInterval: Math.max(100, Math.round(headersTimeout / 4)),
    },
    handle,
  );
  cutIdleClients(server, options.timeouts?.idleMs ?? DEFAULT_IDLE_TIMEOUT_MS, (req, res) => {
    const decision = routeRequest(req.method, req.url, req.headers);
    answerRequestTimeout(req, res, decision.kind === 'service' ? decision.service : 's3');
  });
  const port = await listenLocal(server, options.port ?? DEFAULT_EDGE_PORT);
  return {
    name: 'edge',
    url: `http://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const agent of agents) agent.destroy();
      }),
  };
}
