/**
 * Parquet inputs: keys ending in `.parquet`, in any letter case. Their outputs are `<stem>.scored.parquet`,
 * `<stem>.errors.csv` and `<stem>.summary.json`.
 */
export const PARQUET_SUFFIX = '.parquet';

/** The scored output's content type (the Parquet media type registered with IANA). */
export const PARQUET_CONTENT_TYPE = 'application/vnd.apache.parquet';

export function isParquetKey(key: string): boolean {
  return key.toLowerCase().endsWith(PARQUET_SUFFIX);
}
