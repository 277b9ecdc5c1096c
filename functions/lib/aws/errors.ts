/** True when an SDK error carries the given service error name (e.g. `ConditionalCheckFailedException`). */
export function isAwsError(error: unknown, ...names: string[]): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const name = (error as { name?: unknown }).name;
  return typeof name === 'string' && names.includes(name);
}
