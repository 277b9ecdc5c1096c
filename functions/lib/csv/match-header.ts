import { parseNumberText } from './number-field.ts';
import { fitsFloat32 } from '../model/feature-values.ts';
import { resolveColumnPairs } from './columns-metadata.ts';
import type { ColumnPair } from './columns-metadata.ts';
import { foldCase, quoteList } from './header-names.ts';
import { matchNames, noMatches } from './match-names.ts';
import type { NameMatches } from './match-names.ts';
import type { ColumnMapping, HeaderMatch } from './types.ts';

const BOM = '\uFEFF';

/** Column names a job carries for its summary, in all: every workflow payload holds them (ColumnMapping.columnNames). */
export const MAX_CARRIED_NAME_CHARS = 4096;

/**
 * Maps the header record's fields (record/header-record.ts) to the model's features:
 * - explicitly, for the features the upload's metadata pairs with a column (columns-metadata.ts), checked first;
 * - by name when every other feature is named (match-names.ts: exact, then ignoring case and whitespace, then
 *   normalised as header-names.ts says; any order; other columns pass through). A name two columns or two features
 *   fit is refused as ambiguous;
 * - as data, when it names none, has exactly the feature count of fields and any of them is a number: a file
 *   without a header (features by position; its first row is scored, and the scored header uses the model's
 *   feature names). Header names are never numbers; a first data row with one bad value is still data;
 * - by position when it names none and has exactly the feature count of fields (header kept as is);
 * - otherwise a reason: duplicate names, missing features, unsupported delimiter, wrong column count.
 * Only commas delimit: a `;` or tab-delimited header is refused with a reason saying so (not guessed).
 */
export function matchHeader(
  headerFields: readonly string[],
  featureNames: readonly string[],
  pairs: readonly ColumnPair[] = [],
): HeaderMatch {
  const fields = headerFields.map((f, i) => (i === 0 && f.startsWith(BOM) ? f.slice(1) : f));
  const delimiter = foreignDelimiter(fields, featureNames.length);
  if (delimiter) return { ok: false, reason: `the header is ${delimiter}-delimited; only comma-separated CSV is supported` };
  const names = fields.map(foldCase);
  const duplicates = [...new Set(names.filter((n, i) => names.indexOf(n) !== i))];
  if (duplicates.length > 0) return { ok: false, reason: `duplicate header names: ${quoteList(duplicates)}` };
  const explicit = resolveColumnPairs(pairs, fields, featureNames);
  if (!explicit.ok) return explicit;
  const matched = matchNames(fields, featureNames, settledBy(explicit.columns, featureNames.length));
  if (!matched.ok) return matched;
  const missing = featureNames.filter((_, f) => matched.featureColumns[f] === -1);
  if (missing.length === 0) return { ok: true, columns: byName(fields, matched) };
  if (missing.length < featureNames.length || pairs.length > 0) {
    return {
      ok: false,
      reason:
        `missing feature column${missing.length > 1 ? 's' : ''} ${quoteList(missing)} (header: ${quoteList(fields)}); ` +
        `name ${missing.length > 1 ? 'them' : 'it'} in the header, or map ${missing.length > 1 ? 'them' : 'it'} in the upload's metadata: x-amz-meta-columns: ${missing[0]}=<column>`,
    };
  }
  if (fields.length === featureNames.length) return { ok: true, columns: byPosition(fields) };
  return {
    ok: false,
    reason: `the header names none of the model's features ${quoteList(featureNames)} and has ${fields.length} columns, not ${featureNames.length} for matching by position`,
  };
}

function settledBy(explicit: Map<number, number>, featureCount: number): NameMatches {
  const settled = noMatches(featureCount);
  for (const [f, c] of explicit) {
    settled.featureColumns[f] = c;
    settled.matchedBy[f] = 'metadata';
  }
  return settled;
}

function byName(fields: readonly string[], matched: NameMatches): ColumnMapping {
  const { featureColumns, matchedBy } = matched;
  return {
    by: 'name',
    hasHeader: true,
    width: fields.length,
    featureColumns,
    matchedBy,
    ...carriedNames(featureColumns.map((c) => fields[c])),
  };
}

function byPosition(fields: readonly string[]): ColumnMapping {
  const hasHeader = !fields.some(isNumber);
  const featureColumns = fields.map((_, f) => f);
  const matchedBy = fields.map(() => 'position' as const);
  return { by: 'position', hasHeader, width: fields.length, featureColumns, matchedBy, ...(hasHeader ? carriedNames(fields) : {}) };
}

function carriedNames(names: readonly string[]): Pick<ColumnMapping, 'columnNames'> {
  const chars = names.reduce((sum, name) => sum + name.length, 0);
  return chars <= MAX_CARRIED_NAME_CHARS ? { columnNames: [...names] } : {};
}

function foreignDelimiter(fields: readonly string[], featureCount: number): string | undefined {
  if (fields.length !== 1 || featureCount < 2) return undefined;
  if (fields[0].includes(';')) return 'semicolon';
  if (fields[0].includes('\t')) return 'tab';
  return undefined;
}

function isNumber(field: string): boolean {
  const value = parseNumberText(field);
  return !Number.isNaN(value) && fitsFloat32(value);
}
