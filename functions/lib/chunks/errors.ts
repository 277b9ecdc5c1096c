/** Plan options that cannot produce a plan (non-positive sizes). */
export class InvalidPlanOptionsError extends Error {
  override name = 'InvalidPlanOptionsError';
}
