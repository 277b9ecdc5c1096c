/**
 * A bucket's keys in S3's listing order (UTF-8 byte order), with the paging S3's ListObjects does over them:
 * prefix, delimiter (common prefixes count as one entry each), "after this key", max-keys.
 */

/**
 * UTF-8 byte order on JS strings: UTF-16 code units order the same way except that surrogates (characters beyond
 * U+FFFF, four UTF-8 bytes) sort below U+E000–U+FFFF there and above them in UTF-8.
 */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

export class SortedKeys {
  readonly #keys: string[];

  /** `keys` must be distinct; they are sorted once (adding them one by one would cost a move of the array each). */
  constructor(keys: string[] = []) {
    this.#keys = keys.sort(compareKeys);
  }

  get size(): number {
    return this.#keys.length;
  }

  /** Index of the first key for which `after(key)` holds; `after` must be false then true along the order. */
  #search(after: (key: string) => boolean): number {
    let low = 0;
    let high = this.#keys.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (after(this.#keys[middle]!)) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  add(key: string): void {
    const at = this.#search((candidate) => compareKeys(candidate, key) >= 0);
    if (this.#keys[at] !== key) this.#keys.splice(at, 0, key);
  }

  remove(key: string): void {
    const at = this.#search((candidate) => compareKeys(candidate, key) >= 0);
    if (this.#keys[at] === key) this.#keys.splice(at, 1);
  }

  /** One page of a listing: keys, and common prefixes when a delimiter is given. */
  page(query: KeyQuery): KeyPage {
    const { prefix, delimiter, after, maxKeys } = query;
    const keys: string[] = [];
    const prefixes: string[] = [];
    let at = this.#search((key) => compareKeys(key, prefix) >= 0);
    if (after !== undefined)
      at = Math.max(
        at,
        this.#search((key) => compareKeys(key, after) > 0),
      );
    let last: string | undefined;
    while (at < this.#keys.length) {
      const key = this.#keys[at]!;
      if (!key.startsWith(prefix)) break; // keys with the prefix are contiguous, and we started at the first
      const common = commonPrefix(key, prefix, delimiter);
      if (common !== undefined && common === after) {
        at = this.#pastPrefix(common); // the previous page ended on this common prefix
        continue;
      }
      if (keys.length + prefixes.length >= maxKeys) return { keys, prefixes, truncated: maxKeys > 0, last };
      if (common === undefined) {
        keys.push(key);
        last = key;
        at++;
      } else {
        prefixes.push(common);
        last = common;
        at = this.#pastPrefix(common);
      }
    }
    return { keys, prefixes, truncated: false, last };
  }

  /** Index of the first key after every key that starts with `prefix`. */
  #pastPrefix(prefix: string): number {
    return this.#search((key) => !key.startsWith(prefix) && compareKeys(key, prefix) > 0);
  }
}

function commonPrefix(key: string, prefix: string, delimiter: string | undefined): string | undefined {
  if (!delimiter) return undefined;
  const at = key.indexOf(delimiter, prefix.length);
  return at === -1 ? undefined : key.slice(0, at + delimiter.length);
}

export interface KeyQuery {
  prefix: string;
  delimiter?: string;
  after?: string;
  maxKeys: number;
}

export interface KeyPage {
  keys: string[];
  prefixes: string[];
  truncated: boolean;
  last?: string;
}
