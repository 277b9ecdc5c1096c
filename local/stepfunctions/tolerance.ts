/** The thresholds of a map run: neither set means no failure is tolerated. */
export interface Tolerance {
  count?: number;
  percentage?: number;
}

export const EXCEEDED_ERROR = 'States.ExceedToleratedFailureThreshold';
export const EXCEEDED_CAUSE = 'The specified tolerated failure threshold was exceeded';

/**
 * True once the failed items (failed, timed out or aborted children; every item of a failed batch) are more
 * than ToleratedFailureCount or more than ToleratedFailurePercentage of all items: either one exceeded fails the map run.
 */
export function exceedsTolerance(failedItems: number, totalItems: number, tolerance: Tolerance): boolean {
  if (failedItems === 0) return false;
  const { count, percentage } = tolerance;
  if (count === undefined && percentage === undefined) return true;
  if (count !== undefined && failedItems > count) return true;
  return percentage !== undefined && totalItems > 0 && (failedItems / totalItems) * 100 > percentage;
}
