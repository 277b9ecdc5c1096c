import { UnsupportedModelError } from './errors.ts';
import type { FeatureRange } from './types.ts';

/** A fixed, positive dimension of a tensor shape; undefined when symbolic (`N`), unset (`""`) or absent. */
export function dimension(shape: ReadonlyArray<number | string> | undefined, axis: number): number | undefined {
  const value = shape?.[axis];
  return typeof value === 'number' && value > 0 ? value : undefined;
}

/** A comma-separated metadata list (`feature_names`, `class_names`). */
export function listed(text: string | undefined): string[] | undefined {
  return text ? text.split(',').map((n) => n.trim()) : undefined;
}

/** Names checked against the tensor width when both are known, else generated from the width. */
export function names(given: readonly string[] | undefined, width: number | undefined, prefix: string, what: string): string[] {
  if (given && width !== undefined && given.length !== width) {
    throw new UnsupportedModelError(`got ${given.length} ${what} names but the tensor has ${width} columns`);
  }
  if (given) return [...given];
  if (width === undefined) {
    throw new UnsupportedModelError(`the ${what} count is neither a fixed tensor dimension nor in metadata_props (${what}_names)`);
  }
  return Array.from({ length: width }, (_, i) => `${prefix}${i}`);
}

/**
 * `feature_ranges` metadata (`min:max` per feature, comma-separated, in input order), when it gives one finite
 * range per feature; anything else is ignored (a hint is optional, so it never stops a model from loading).
 */
export function featureRanges(text: string | undefined, featureCount: number): FeatureRange[] | undefined {
  const pairs = listed(text)?.map((pair) => pair.split(':').map(Number));
  if (!pairs || pairs.length !== featureCount) return undefined;
  const ranges = pairs.map(([min, max, ...rest]) => ({ min: min!, max: max!, valid: rest.length === 0 && min! <= max! }));
  if (!ranges.every((r) => r.valid && Number.isFinite(r.min) && Number.isFinite(r.max))) return undefined;
  return ranges.map(({ min, max }) => ({ min, max }));
}
