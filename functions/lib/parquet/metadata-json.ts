import type { RowGroup } from 'hyparquet';

/**
 * RowGroup metadata as JSON and back: a chunk hands its scored row groups to Finalize in a temp object. Parquet's
 * 64-bit fields are bigints, which JSON lacks: they travel as `{"$bigint": "<digits>"}`.
 */
export function rowGroupsToJson(rowGroups: readonly RowGroup[]): string {
  return JSON.stringify(rowGroups, (_key, value) => (typeof value === 'bigint' ? { $bigint: value.toString() } : value));
}

export function rowGroupsFromJson(text: string): RowGroup[] {
  const parsed: unknown = JSON.parse(text, (_key, value) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const keys = Object.keys(value);
      if (keys.length === 1 && keys[0] === '$bigint' && typeof value.$bigint === 'string') return BigInt(value.$bigint);
    }
    return value;
  });
  if (!Array.isArray(parsed)) throw new Error('row group metadata is not a JSON array');
  return parsed as RowGroup[];
}
