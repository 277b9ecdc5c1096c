import type { RequestListener } from '../http/types.ts';
import type { Meter } from '../meter/Meter.ts';
import type { APIGatewayProxyEvent } from 'aws-lambda';

/** One method on one API Gateway resource, e.g. `{ method: 'GET', resource: '/jobs/{id}' }`. */
export interface Route {
  method: string;
  resource: string;
  /** The method's AuthorizationType from the stack (`AWS_IAM`: SigV4-signed requests only); default NONE. */
  authorization?: 'NONE' | 'AWS_IAM';
  /** The method wants the stack's API key in `x-api-key`. */
  apiKeyRequired?: boolean;
}

export type RouteMatch =
  | { kind: 'found'; resource: string; pathParameters: Record<string, string> | null; route: Route }
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'not-found' };

/** The parts of an incoming HTTP request the event builder needs (kept free of node:http for unit tests). */
export interface IncomingRequest {
  method: string;
  /** Raw request target, path + query. */
  url: string;
  /** Node's `rawHeaders`: name, value, name, value, ... with the client's casing. */
  rawHeaders: string[];
  body: Buffer;
  sourceIp: string;
}

export interface EventContext {
  requestId: string;
  stage: string;
  apiId: string;
  accountId: string;
  now: Date;
}

export type ProxyEvent = APIGatewayProxyEvent;

/** A validated Lambda proxy result. */
export interface ProxyResult {
  statusCode: number;
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
  body: Buffer;
}

export interface ThrottleSettings {
  /** Steady-state requests per second. */
  rateLimit: number;
  /** Bucket size. */
  burstLimit: number;
}

export interface ApiServerOptions {
  /** The API's methods: the ones the CDK stack synthesizes (`apiRoutes` of the local definitions). */
  routes: Route[];
  /** The stack's billing meter (one request per call that reaches the integration). */
  meter?: Meter;
  port?: number;
  /** Always loopback; other hosts are refused. */
  host?: '127.0.0.1';
  stage?: string;
  /** API Gateway's payload quota (10 MB); bodies that cannot fit Lambda's 6 MB invoke payload are refused as well. */
  maxBodyBytes?: number;
  throttle?: ThrottleSettings;
  /** Throttles of single methods (the stage's `MethodSettings` for one resource and method). */
  methodThrottles?: (Route & ThrottleSettings)[];
  /** Idle client that never finishes its request is cut off after this (node's server.requestTimeout). */
  requestTimeoutMs?: number;
  /** Request line and headers must arrive within this (default 10 s). */
  headersTimeoutMs?: number;
  /** A client that sends none of its body (or reads none of the answer) for this long gets `408` and is closed (default 20 s). */
  clientIdleTimeoutMs?: number;
  /** API Gateway's integration timeout (29 s) → 504. */
  integrationTimeoutMs?: number;
  accessLog?: (line: string) => void;
  /** The key methods with `apiKeyRequired` accept in `x-api-key` (API Gateway's usage-plan key). */
  apiKey?: string;
  /** Operational lines (a once-per-second summary of throttled requests). */
  log?: (line: string) => void;
  /**
   * Static pages served beside the API under their own path prefix (the local console at `/_console`), outside the
   * stage's routes, throttle and auth: they are files, not methods. A REST API path never starts with `_`.
   */
  sites?: StaticSite[];
}

export interface StaticSite {
  /** `/_console`: the site answers this path and everything under `<prefix>/`. */
  prefix: string;
  listener: RequestListener;
}
