import type { NotificationTarget, S3NotificationEvent } from './types.ts';

export interface NotificationDispatcherOptions {
  target?: NotificationTarget;
  /** Attempts after the first failure; Lambda's asynchronous invoke retries twice. */
  retries?: number;
  /** Delay before the first retry, doubled for each further one. */
  retryDelayMs?: number;
  log?: (line: string) => void;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function describe(event: S3NotificationEvent): string {
  const record = event.Records[0];
  return `${record.eventName} s3://${record.s3.bucket.name}/${record.s3.object.key}`;
}

/**
 * Hands S3 events to the target asynchronously, as S3 does: the PUT that caused an event never waits for
 * its delivery. A failed delivery is retried with backoff, then logged and dropped; it never throws.
 */
export class NotificationDispatcher {
  readonly #target: NotificationTarget | undefined;
  readonly #retries: number;
  readonly #retryDelayMs: number;
  readonly #log: (line: string) => void;
  readonly #inFlight = new Set<Promise<void>>();
  delivered = 0;
  failed = 0;

  constructor(options: NotificationDispatcherOptions) {
    this.#target = options.target;
    this.#retries = options.retries ?? 2;
    this.#retryDelayMs = options.retryDelayMs ?? 1000;
    this.#log = options.log ?? (() => undefined);
  }

  /** Queues the event and returns at once. */
  dispatch(event: S3NotificationEvent): void {
    if (!this.#target) return;
    const delivery = this.#deliver(this.#target, event);
    this.#inFlight.add(delivery);
    void delivery.finally(() => this.#inFlight.delete(delivery));
  }

  /** Resolves once every delivery accepted so far has succeeded or been given up on. */
  async drain(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight]);
  }

  async #deliver(target: NotificationTarget, event: S3NotificationEvent): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve)); // never run the target inside the request that produced the event
    for (let attempt = 0; ; attempt++) {
      try {
        await target(event);
        this.delivered++;
        return;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        if (attempt >= this.#retries) {
          this.failed++;
          this.#log(`[s3] notification ${describe(event)} dropped after ${attempt + 1} attempts: ${reason}`);
          return;
        }
        this.#log(`[s3] notification ${describe(event)} failed (attempt ${attempt + 1}), retrying: ${reason}`);
        await sleep(this.#retryDelayMs * 2 ** attempt);
      }
    }
  }
}
