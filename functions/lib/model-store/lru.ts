/**
 * At most `max` entries, the least recently used one evicted first and handed to `onEvict` (which releases what it
 * holds). A Map keeps insertion order, so re-inserting on every hit makes its first key the least recently used.
 */
export class LruCache<V> {
  readonly #max: number;
  readonly #onEvict: (key: string, value: V) => void;
  readonly #entries = new Map<string, V>();

  constructor(max: number, onEvict: (key: string, value: V) => void) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`an LRU cache holds at least 1 entry, got ${max}`);
    this.#max = max;
    this.#onEvict = onEvict;
  }

  get(key: string): V | undefined {
    const value = this.#entries.get(key);
    if (value === undefined) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, value);
    return value;
  }

  set(key: string, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    while (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next().value as string;
      const evicted = this.#entries.get(oldest) as V;
      this.#entries.delete(oldest);
      this.#onEvict(oldest, evicted);
    }
  }

  /** Drops an entry without evicting it (a failed load: nothing to release). */
  delete(key: string): void {
    this.#entries.delete(key);
  }

  keys(): string[] {
    return [...this.#entries.keys()];
  }
}
