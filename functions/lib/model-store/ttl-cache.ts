/**
 * Values that may change behind the cache (an alias moved by the CLI), re-read at most once per `ttlMs` per key.
 * Concurrent readers of a key share one load; a failed load is not kept, so the next call tries again.
 */
export class TtlCache<V> {
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, { value: Promise<V>; loadedAt: number }>();

  constructor(ttlMs: number, now: () => number = Date.now) {
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  get(key: string, load: () => Promise<V>): Promise<V> {
    const entry = this.#entries.get(key);
    if (entry && this.#now() - entry.loadedAt < this.#ttlMs) return entry.value;
    const value = load();
    const fresh = { value, loadedAt: this.#now() };
    this.#entries.set(key, fresh);
    value.catch(() => {
      if (this.#entries.get(key) === fresh) this.#entries.delete(key);
    });
    return value;
  }
}
