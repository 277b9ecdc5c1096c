/**
 * Counts throttled requests and reports them as one summary line per interval (1 s by default) instead of one line
 * per request: under a flood, a line per 429 would cost more than serving the 429.
 */
export class ThrottleReport {
  readonly #report: (line: string) => void;
  readonly #describeLimit: string;
  readonly #intervalMs: number;
  #count = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(report: (line: string) => void, describeLimit: string, intervalMs = 1000) {
    this.#report = report;
    this.#describeLimit = describeLimit;
    this.#intervalMs = intervalMs;
  }

  /** One throttled request: the first of an interval starts it; the summary is written when it ends. */
  count(): void {
    this.#count += 1;
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(() => this.flush(), this.#intervalMs);
    this.#timer.unref();
  }

  /** Writes the pending summary now (when the interval ends, or when the server stops). */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#count === 0) return;
    const count = this.#count;
    this.#count = 0;
    this.#report(
      `[api] throttled ${count} request${count === 1 ? '' : 's'} (429) in the last ${this.#intervalMs / 1000} s: ${this.#describeLimit}`,
    );
  }
}
