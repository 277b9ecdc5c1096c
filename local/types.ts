/** Shared shapes of the local stack. */
import type { RequestListener } from './http/types.ts';

/**
 * One running emulated service, as each service folder's provider returns it (`startS3`, `startDynamoDB`,
 * `startStepFunctions`, `startEdge`, `startApiGateway`, `startLambda`). aws-services.ts and stack.ts start them in
 * order and stop them in reverse through this shape alone; what is particular to one service stays on its own type.
 */
export interface LocalService {
  /** How the stack's service list names it. */
  readonly name: string;
  /** Its own loopback endpoint, when it listens on a port (S3 is served by the edge only; Lambda has no HTTP API). */
  readonly url?: string;
  /** The service as an in-process request listener, for the edge's route to it (the services behind the edge). */
  readonly listener?: RequestListener;
  /** Stops it and lets go of what it holds (sockets, timers, execution environments). */
  stop(): Promise<void>;
}

/** Where the stack's output goes; the CLI prints, tests collect or ignore. */
export interface LogSink {
  /** Lifecycle and status lines of the stack itself. */
  info(line: string): void;
  /**
   * CloudWatch-style lines: handler output and the runtime's START, END and REPORT lines. `stream` names the log
   * stream (one per execution environment, as on CloudWatch): in it, an invocation's lines end with its END.
   */
  lambda(line: string, stream?: string): void;
  /** One line per HTTP request (only with access logging on). */
  access(line: string): void;
}
