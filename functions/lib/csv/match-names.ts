import { formatColumnPair } from './columns-metadata.ts';
import { foldCase, normaliseName, quoteList } from './header-names.ts';
import type { MatchKind } from './types.ts';

/** featureColumns[f] = column of feature f, or -1 when none matched; matchedBy[f] = how (defined where matched). */
export interface NameMatches {
  featureColumns: number[];
  matchedBy: MatchKind[];
}

export type NameMatch = ({ ok: true } & NameMatches) | { ok: false; reason: string };

/**
 * Comparisons from strictest to loosest. A feature matched by one is settled before the next runs, and its column is
 * taken: an exact `sepal_length` wins over a `Sepal.Length` beside it (which passes through), as the header always
 * read. The second is the case- and whitespace-insensitive comparison headers always had.
 */
const TIERS: readonly { kind: MatchKind; key: (name: string) => string }[] = [
  { kind: 'exact', key: (name) => name },
  { kind: 'normalised', key: foldCase },
  { kind: 'normalised', key: normaliseName },
];

/**
 * Matches header fields to the features not already in `settled` (the explicit pairs), tier by tier. Within a tier
 * a feature two free columns fit, or a column two open features fit, is ambiguous: refused with a reason naming
 * them and the fix, never guessed.
 */
export function matchNames(fields: readonly string[], featureNames: readonly string[], settled: NameMatches): NameMatch {
  const featureColumns = [...settled.featureColumns];
  const matchedBy = [...settled.matchedBy];
  for (const tier of TIERS) {
    const taken = new Set(featureColumns);
    const free = new Map<string, number[]>();
    fields.forEach((field, c) => {
      const key = tier.key(field);
      if (!taken.has(c) && key !== '') addTo(free, key, c);
    });
    const candidates = new Map<number, number[]>();
    featureNames.forEach((feature, f) => {
      const columns = featureColumns[f] === -1 ? free.get(tier.key(feature)) : undefined;
      if (columns) candidates.set(f, columns);
    });
    const ambiguity = ambiguous(candidates, fields, featureNames);
    if (ambiguity) return { ok: false, reason: ambiguity };
    for (const [f, [c]] of candidates) {
      featureColumns[f] = c;
      matchedBy[f] = tier.kind;
    }
  }
  return { ok: true, featureColumns, matchedBy };
}

/** Nothing settled yet: every feature open. */
export function noMatches(featureCount: number): NameMatches {
  return { featureColumns: new Array<number>(featureCount).fill(-1), matchedBy: [] };
}

function ambiguous(candidates: Map<number, number[]>, fields: readonly string[], featureNames: readonly string[]): string | undefined {
  const column = (c: number) => `${JSON.stringify(fields[c])} (column ${c + 1})`;
  for (const [f, columns] of candidates) {
    if (columns.length < 2) continue;
    const feature = featureNames[f];
    return (
      `ambiguous header: columns ${listed(columns.map(column))} ${columns.length === 2 ? 'both' : 'all'} match feature ${JSON.stringify(feature)}; ` +
      `rename all but one, or name its column in the upload's metadata: x-amz-meta-columns: ${formatColumnPair(feature, fields[columns[0]].trim())}`
    );
  }
  const featuresOf = new Map<number, number[]>();
  for (const [f, [c]] of candidates) addTo(featuresOf, c, f);
  for (const [c, features] of featuresOf) {
    if (features.length < 2) continue;
    const names = features.map((f) => featureNames[f]);
    return (
      `ambiguous header: column ${column(c)} matches features ${quoteList(names)}; rename it to the feature it holds, ` +
      `or map it in the upload's metadata: x-amz-meta-columns: ${formatColumnPair(names[0], fields[c].trim())}`
    );
  }
  return undefined;
}

function addTo<K>(lists: Map<K, number[]>, key: K, item: number): void {
  const list = lists.get(key);
  if (list) list.push(item);
  else lists.set(key, [item]);
}

/** The first ten, as the other reasons list names (quoteList). */
function listed(items: string[]): string {
  const shown = items.slice(0, 10).join(' and ');
  return items.length > 10 ? `${shown} … (${items.length} in all)` : shown;
}
