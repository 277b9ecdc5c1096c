import { InvalidColumnMappingError } from './errors.ts';
import type { ColumnMapping, FeatureColumn, MatchKind } from './types.ts';

const MATCH_KINDS: readonly unknown[] = ['exact', 'normalised', 'metadata', 'position'] satisfies MatchKind[];

/** Checks a mapping that came back through a workflow payload (JSON) before the scorer trusts its indexes. */
export function toColumnMapping(value: unknown): ColumnMapping {
  const v = value as Partial<ColumnMapping> | null;
  const count = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;
  if (
    typeof v !== 'object' ||
    v === null ||
    (v.by !== 'name' && v.by !== 'position') ||
    typeof v.hasHeader !== 'boolean' ||
    !count(v.width) ||
    !Array.isArray(v.featureColumns) ||
    !v.featureColumns.every((c) => count(c) && c < (v.width as number)) ||
    !optionalList(v.matchedBy, v.featureColumns.length, (m) => MATCH_KINDS.includes(m)) ||
    !optionalList(v.columnNames, v.featureColumns.length, (n) => typeof n === 'string')
  ) {
    throw new InvalidColumnMappingError(
      'job.columns is not a ColumnMapping {by, hasHeader, width, featureColumns, matchedBy?, columnNames?}',
    );
  }
  const mapping: ColumnMapping = { by: v.by, hasHeader: v.hasHeader, width: v.width, featureColumns: [...v.featureColumns] };
  if (v.matchedBy) mapping.matchedBy = [...v.matchedBy];
  if (v.columnNames) mapping.columnNames = [...v.columnNames];
  return mapping;
}

/**
 * Which column fed which feature and how it was found, for the summary; undefined for a mapping that does not say
 * how (a job ingested before mappings recorded it) or that is not this model's.
 */
export function describeColumns(mapping: ColumnMapping, featureNames: readonly string[]): FeatureColumn[] | undefined {
  const { matchedBy, columnNames } = mapping;
  if (!matchedBy || featureNames.length !== mapping.featureColumns.length) return undefined;
  return featureNames.map((feature, f) => ({
    feature,
    column: columnNames?.[f] ?? null,
    position: mapping.featureColumns[f] + 1,
    match: matchedBy[f],
  }));
}

function optionalList(value: unknown, length: number, isItem: (item: unknown) => boolean): boolean {
  return value === undefined || (Array.isArray(value) && value.length === length && value.every(isItem));
}
