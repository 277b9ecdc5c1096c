import type { ColumnPair } from '../csv/columns-metadata.ts';

/**
 * How a JSON Lines job finds its features (JobRef.columns for a `.jsonl`/`.ndjson` job): by key, per object, with
 * the CSV header rules (match-header.ts), the upload's explicit `columns` pairs (feature=key) first.
 */
export interface KeyMapping {
  by: 'key';
  pairs: ColumnPair[];
}

export function isKeyMapping(value: unknown): value is KeyMapping {
  return typeof value === 'object' && value !== null && (value as KeyMapping).by === 'key' && Array.isArray((value as KeyMapping).pairs);
}
