/**
 * The explicit column mapping an upload may carry in its S3 user metadata, `x-amz-meta-columns`:
 * comma-separated `feature=column` pairs, e.g. `sepal_length=SL,sepal_width=SW`. Whitespace around names is ignored;
 * a name holding `,`, `=`, `%` or non-ASCII characters is percent-encoded (`%2C`, `%3D`, `%25`), because S3 metadata
 * travels as an HTTP header. Pairs may name some features only: the others are matched by name as usual.
 */
import { quoteList } from './header-names.ts';

/** The user metadata key (`x-amz-meta-columns`; the SDK's `Metadata.columns`). */
export const COLUMNS_METADATA = 'columns';

/** One explicit pair: the model feature and the header name of the column that feeds it. */
export interface ColumnPair {
  feature: string;
  column: string;
}

export type ParsedPairs = { ok: true; pairs: ColumnPair[] } | { ok: false; reason: string };

/** Feature index → column index, from pairs checked against the model and the header. */
export type ResolvedPairs = { ok: true; columns: Map<number, number> } | { ok: false; reason: string };

const SOURCE = `x-amz-meta-${COLUMNS_METADATA}`;

/** The upload's explicit pairs from its user metadata: none when it has no `columns` entry. */
export function explicitColumnPairs(metadata: Record<string, string>): ParsedPairs {
  const value = metadata[COLUMNS_METADATA];
  return value === undefined ? { ok: true, pairs: [] } : parseColumnsMetadata(value);
}

/** Parses the metadata value into pairs; empty items (a trailing comma) are skipped. */
export function parseColumnsMetadata(value: string): ParsedPairs {
  const pairs: ColumnPair[] = [];
  for (const item of value.split(',')) {
    if (item.trim() === '') continue;
    const equals = item.indexOf('=');
    if (equals === -1) return refuse(`${JSON.stringify(item.trim())} is not feature=column`);
    const feature = decodeName(item.slice(0, equals));
    const column = decodeName(item.slice(equals + 1));
    if (feature === undefined || column === undefined) {
      return refuse(`${JSON.stringify(item.trim())} is not valid percent-encoding (write % as %25)`);
    }
    if (feature === '' || column === '') return refuse(`${JSON.stringify(item.trim())} names no ${feature === '' ? 'feature' : 'column'}`);
    pairs.push({ feature, column });
  }
  if (pairs.length === 0) return refuse('no feature=column pairs');
  return { ok: true, pairs };
}

/**
 * Checks the pairs against the model's features (exact names) and the header's fields (compared without surrounding
 * whitespace): every feature and column must exist, and each may appear in one pair only.
 */
export function resolveColumnPairs(
  pairs: readonly ColumnPair[],
  fields: readonly string[],
  featureNames: readonly string[],
): ResolvedPairs {
  const columns = new Map<number, number>();
  const used = new Map<number, string>();
  for (const { feature, column } of pairs) {
    const f = featureNames.indexOf(feature);
    if (f === -1) return refuse(`unknown feature ${JSON.stringify(feature)}; the model's features are ${quoteList(featureNames)}`);
    if (columns.has(f)) return refuse(`feature ${JSON.stringify(feature)} is mapped twice`);
    const c = fields.findIndex((field) => field.trim() === column);
    if (c === -1) return refuse(`no column ${JSON.stringify(column)} in the header (${quoteList(fields)})`);
    const other = used.get(c);
    if (other !== undefined)
      return refuse(`column ${JSON.stringify(column)} is mapped to both ${JSON.stringify(other)} and ${JSON.stringify(feature)}`);
    columns.set(f, c);
    used.set(c, feature);
  }
  return { ok: true, columns };
}

/** A pair as the metadata value spells it (the characters the syntax reserves percent-encoded): for reasons' advice. */
export function formatColumnPair(feature: string, column: string): string {
  return `${encodeName(feature)}=${encodeName(column)}`;
}

function decodeName(text: string): string | undefined {
  try {
    return decodeURIComponent(text).trim();
  } catch {
    return undefined;
  }
}

function encodeName(name: string): string {
  return name.replace(/[%,=]|[^\x20-\x7e]+/g, (s) => encodeURIComponent(s));
}

function refuse(reason: string): { ok: false; reason: string } {
  return { ok: false, reason: `${SOURCE}: ${reason}` };
}
