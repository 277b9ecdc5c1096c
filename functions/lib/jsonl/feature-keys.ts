import { matchHeader } from '../csv/match-header.ts';
import type { ColumnPair } from '../csv/columns-metadata.ts';
import { quoteList } from '../csv/header-names.ts';

/** Which of an object's keys feeds each feature (keys[featureKeys[f]]), or why none can. */
export type KeysMatch = { ok: true; featureKeys: number[] } | { ok: false; reason: string };

/** Distinct key lists remembered per chunk: JSON Lines files usually repeat one or a few shapes. */
const CACHE_ENTRIES = 256;

/**
 * Matches an object's keys to the model's features by the CSV header rules (match-header.ts: exact, then case,
 * then normalised names; explicit pairs first), as if the keys were a header. Matching by position does not apply
 * to keys: an object whose keys name no feature is refused. The result is cached by the key list (in order), so
 * a file of same-shaped objects matches once.
 */
export class FeatureKeys {
  private readonly featureNames: readonly string[];
  private readonly pairs: readonly ColumnPair[];
  private readonly cache = new Map<string, KeysMatch>();
  /** The previous object's keys and match: consecutive lines usually share a shape, compared key by key. */
  private lastKeys: readonly string[] = [];
  private lastMatch: KeysMatch | undefined;

  constructor(featureNames: readonly string[], pairs: readonly ColumnPair[]) {
    this.featureNames = featureNames;
    this.pairs = pairs;
  }

  match(keys: readonly string[]): KeysMatch {
    if (this.lastMatch && sameKeys(keys, this.lastKeys)) return this.lastMatch;
    this.lastKeys = keys;
    this.lastMatch = this.lookup(keys);
    return this.lastMatch;
  }

  private lookup(keys: readonly string[]): KeysMatch {
    const id = keys.join('\u0000');
    let found = this.cache.get(id);
    if (found === undefined) {
      found = this.compute(keys);
      if (this.cache.size >= CACHE_ENTRIES) this.cache.clear();
      this.cache.set(id, found);
    }
    return found;
  }

  private compute(keys: readonly string[]): KeysMatch {
    const matched = matchHeader(keys, this.featureNames, this.pairs);
    if (!matched.ok) return { ok: false, reason: matched.reason.replaceAll('header', 'keys').replaceAll('column', 'key') };
    if (matched.columns.by !== 'name' || !matched.columns.hasHeader) {
      return { ok: false, reason: `the object's keys name none of the model's features ${quoteList(this.featureNames)}` };
    }
    return { ok: true, featureKeys: matched.columns.featureColumns };
  }
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
