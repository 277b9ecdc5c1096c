import { currentTrace, newTraceId, withTrace } from '../meter/trace.ts';
import { randomUUID } from 'node:crypto';
import type { LocalAsyncInvokeConfig } from '../cloudformation/definitions.ts';

/** The record Lambda sends to an asynchronous invocation's destination (here: on failure). */
export interface InvocationRecord {
  version: '1.0';
  timestamp: string;
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: 'RetriesExhausted' | 'EventAgeExceeded';
    approximateInvokeCount: number;
  };
  requestPayload: unknown;
  responseContext: { statusCode: number; executedVersion: string; functionError?: string };
  responsePayload: unknown;
}

export interface AsyncInvokerOptions {
  configs: LocalAsyncInvokeConfig[];
  /** A synchronous invoke by function ARN; rejects with `{errorType, errorMessage, source}` on a failed invocation. */
  invoke: (functionArn: string, payload: unknown) => Promise<unknown>;
  /** Hands the record of an invocation given up on to the function's OnFailure destination. */
  deliverFailure: (destinationArn: string, record: InvocationRecord) => void;
  /**
   * AWS's asynchronous timing multiplied by this: about 1 min before the first retry and 2 min before the second,
   * the maximum event age (up to 6 h). Default 1/60 (1 s, 2 s, 6 min); tests use less.
   */
  timeScale?: number;
  log?: (line: string) => void;
}

const FIRST_RETRY_DELAY_MS = 60_000;
const DEFAULT_TIME_SCALE = 1 / 60;

interface Failure {
  errorType: string;
  errorMessage: string;
  trace?: string[];
  source?: string;
}

/**
 * Lambda's asynchronous invoke (S3 notifications, EventBridge targets) as the function's `EventInvokeConfig`
 * defines it: a function error is retried `maximumRetryAttempts` times with growing delays, a throttle is retried
 * without counting until the event is older than `maximumEventAgeSeconds`, and an event given up on goes to the
 * OnFailure destination as Lambda's invocation record — or, without one, is dropped with a log line, as on AWS.
 * `invoke` resolves when the event is done with (never rejects), so a caller that retries failures itself never
 * adds retries of its own.
 */
export class AsyncInvoker {
  readonly #options: AsyncInvokerOptions;
  readonly #scale: number;

  constructor(options: AsyncInvokerOptions) {
    this.#options = options;
    this.#scale = options.timeScale ?? DEFAULT_TIME_SCALE;
  }

  /**
   * Delivers one event, retries included, under one trace: the caller's (an execution's status change), else a new
   * one, as Lambda starts a trace for an event that carries none (an S3 notification).
   */
  invoke(functionArn: string, event: unknown): Promise<void> {
    return withTrace(currentTrace() ?? newTraceId(), () => this.#invoke(functionArn, event));
  }

  async #invoke(functionArn: string, event: unknown): Promise<void> {
    const config = this.#configOf(functionArn);
    const queuedAt = Date.now();
    const maxAgeMs = config.maximumEventAgeSeconds * 1000 * this.#scale;
    let attempts = 0;
    let delayMs = FIRST_RETRY_DELAY_MS * this.#scale;
    let last: Failure | undefined;
    for (;;) {
      if (Date.now() - queuedAt > maxAgeMs) return this.#giveUp(functionArn, config, event, 'EventAgeExceeded', attempts, last);
      try {
        await this.#options.invoke(functionArn, event);
        return;
      } catch (thrown) {
        last = failureOf(thrown);
        const throttled = last.errorType.startsWith('Lambda.TooManyRequests');
        if (!throttled) attempts += 1;
        if (!throttled && attempts > config.maximumRetryAttempts)
          return this.#giveUp(functionArn, config, event, 'RetriesExhausted', attempts, last);
        this.#options.log?.(
          `[lambda] async invoke of ${nameOf(functionArn)} failed (${last.errorType}), retrying in ${Math.round(delayMs)} ms`,
        );
        await sleep(delayMs);
        delayMs *= 2;
      }
    }
  }

  #configOf(functionArn: string): LocalAsyncInvokeConfig {
    const name = nameOf(functionArn);
    // Lambda's defaults for a function without an invoke config: 2 retries, 6 h, no destination.
    return (
      this.#options.configs.find((c) => c.functionName === name) ?? {
        functionName: name,
        maximumRetryAttempts: 2,
        maximumEventAgeSeconds: 21_600,
      }
    );
  }

  #giveUp(
    functionArn: string,
    config: LocalAsyncInvokeConfig,
    event: unknown,
    condition: InvocationRecord['requestContext']['condition'],
    attempts: number,
    last: Failure | undefined,
  ): void {
    const reason = `${condition} after ${attempts} attempt(s)${last ? `: ${last.errorType}` : ''}`;
    if (!config.onFailure) {
      this.#options.log?.(`[lambda] async event for ${config.functionName} dropped (${reason}; no OnFailure destination)`);
      return;
    }
    this.#options.log?.(`[lambda] async event for ${config.functionName} sent to its OnFailure destination (${reason})`);
    this.#options.deliverFailure(config.onFailure, {
      version: '1.0',
      timestamp: new Date().toISOString(),
      requestContext: { requestId: randomUUID(), functionArn: `${qualifiedArn(functionArn)}`, condition, approximateInvokeCount: attempts },
      requestPayload: event,
      responseContext: {
        statusCode: 200,
        executedVersion: '$LATEST',
        ...(last?.source === 'service' ? {} : { functionError: 'Unhandled' }),
      },
      responsePayload: last
        ? { errorType: last.errorType, errorMessage: last.errorMessage, ...(last.trace ? { trace: last.trace } : {}) }
        : null,
    });
  }
}

function failureOf(thrown: unknown): Failure {
  if (typeof thrown === 'object' && thrown !== null && typeof (thrown as Failure).errorType === 'string') return thrown as Failure;
  return {
    errorType: thrown instanceof Error ? thrown.name : 'Error',
    errorMessage: thrown instanceof Error ? thrown.message : String(thrown),
  };
}

function nameOf(functionArn: string): string {
  const parts = functionArn.split(':');
  return parts[0] === 'arn' ? (parts[6] ?? '') : parts[0];
}

/** The record names the function with the version it ran (`:$LATEST` for an unqualified invoke). */
function qualifiedArn(functionArn: string): string {
  return functionArn.split(':').length === 7 ? `${functionArn}:$LATEST` : functionArn;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
