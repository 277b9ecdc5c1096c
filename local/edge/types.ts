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

export type EdgeDecision = { kind: 'service'; service: EdgeServiceName } | { kind: 'health' } | { kind: 'unknown-target'; target: string };
