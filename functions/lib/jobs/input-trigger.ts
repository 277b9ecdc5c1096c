/**
 * Which uploads start a batch job: objects of the input bucket whose key ends in ".csv", in any letter case (output
 * keys strip the suffix case-insensitively). The stack's S3 notification rules are built from this suffix (one rule
 * per spelling, as S3 compares suffixes case-sensitively), and reconcile-jobs.ts lists the bucket with it.
 */
export const INPUT_SUFFIX = '.csv';

export function startsJob(key: string): boolean {
  return key.toLowerCase().endsWith(INPUT_SUFFIX);
}
