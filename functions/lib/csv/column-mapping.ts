import { InvalidColumnMappingError } from './errors.ts';
import type { ColumnMapping } from './types.ts';

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
    !v.featureColumns.every((c) => count(c) && c < (v.width as number))
  ) {
    throw new InvalidColumnMappingError('job.columns is not a ColumnMapping {by, hasHeader, width, featureColumns}');
  }
  return { by: v.by, hasHeader: v.hasHeader, width: v.width, featureColumns: [...v.featureColumns] };
}
