/** Shared shapes of the local stack. */

/** One emulated AWS service the local stack starts and stops (API, S3, DynamoDB, Step Functions, edge...). */
export interface LocalService {
  name: string;
  start(): Promise<{ url: string }>;
  stop(): Promise<void>;
}

/** Where the stack's output goes; the CLI prints, tests collect or ignore. */
export interface LogSink {
  /** Lifecycle and status lines of the stack itself. */
  info(line: string): void;
  /** CloudWatch-style lines: handler output and REPORT lines. */
  lambda(line: string): void;
  /** One line per HTTP request (only with access logging on). */
  access(line: string): void;
}
