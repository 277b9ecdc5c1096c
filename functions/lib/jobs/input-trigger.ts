import { isParquetKey } from '../parquet/input-format.ts';

/**
 * Which uploads start a batch job: objects of the input bucket whose key ends in ".csv", in any letter case (output
 * keys strip the suffix case-insensitively). The stack's S3 notification rules are built from this suffix (one rule
 * per spelling, as S3 compares suffixes case-sensitively), and reconcile-jobs.ts lists the bucket with it.
 */
export const INPUT_SUFFIX = '.csv';

/**
 * Parquet inputs (functions/lib/parquet/input-format.ts) start jobs too. S3 compares suffixes case-sensitively, and
 * ".parquet" has 128 spellings (".csv" 8): rather than 128 more notification rules on the bucket, the stack notifies
 * on ".parquet" and ".PARQUET" only. The handlers and reconcile-jobs.ts accept any case.
 */
export const PARQUET_TRIGGER_SUFFIXES = ['.parquet', '.PARQUET'];

export function startsJob(key: string): boolean {
  return key.toLowerCase().endsWith(INPUT_SUFFIX) || isParquetKey(key);
}
