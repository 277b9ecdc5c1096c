import type { RequestListener } from '../http/types.ts';
import type { LocalService } from '../types.ts';

export type { RequestListener };

/** Where the edge sends a service's requests: a base URL (proxied, streaming) or an in-process listener. */
export type EdgeTarget = string | RequestListener;

export type EdgeServiceName = 's3' | 'dynamodb' | 'stepfunctions';

export interface EdgeRoutes {
  /** Everything that is not another service's JSON protocol. */
  s3: EdgeTarget;
  /** `X-Amz-Target: DynamoDB_20120810.*`. */
  dynamodb?: EdgeTarget;
  /** `X-Amz-Target: AWSStepFunctions.*`. */
  stepfunctions?: EdgeTarget;
}

export interface EdgeOptions {
  /** Default 4566 (as LocalStack users expect); 0 = ephemeral. Always bound to 127.0.0.1. */
  port?: number;
  routes: EdgeRoutes;
  /** The billing meter's page, served at `GET /_local/meter` (404 there without one). */
  meter?: RequestListener;
  /** One line per answered request (`--access-log`): service, method, path, status, the caller's trace. */
  accessLog?: (line: string) => void;
  log?: (line: string) => void;
  timeouts?: EdgeTimeouts;
}

export interface EdgeTimeouts {
  /** A request whose client neither sends nor reads for this long is answered `400 RequestTimeout` and closed (default 20 s, as S3). */
  idleMs?: number;
  /** Request line and headers must arrive within this (default 20 s). */
  headersMs?: number;
}

export interface Edge extends LocalService {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export type EdgeDecision =
  | { kind: 'service'; service: EdgeServiceName }
  | { kind: 'health' }
  | { kind: 'meter' }
  | { kind: 'unknown-target'; target: string };
