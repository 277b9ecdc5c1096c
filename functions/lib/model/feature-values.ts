import type { ModelInfo } from './types.ts';

/**
 * Feature values in the precision of the model's input: a float32 input gets each parsed double rounded once, a
 * float64 input (skl2onnx DoubleTensorType) gets the doubles as parsed, so it scores exactly the values in the file.
 */

/** The element type of the model's `[N, F]` input. */
export type FeatureType = ModelInfo['inputType'];

/** Rows' features packed row-major, in an input's precision. */
export type FeatureArray = Float32Array | Float64Array;

/** Room for `length` feature values in the precision of `type`. */
export function featureArray(type: FeatureType, length: number): FeatureArray {
  return type === 'float64' ? new Float64Array(length) : new Float32Array(length);
}

/** The precision rows are parsed into for a model and its shadow: float64 when either takes float64 (each gets its own). */
export function batchFeatureType(...types: (FeatureType | undefined)[]): FeatureType {
  return types.includes('float64') ? 'float64' : 'float32';
}

/** A value the input can hold: finite, and for float32 still finite once rounded to float32. */
export function fitsFloat32(value: number): boolean {
  return Number.isFinite(Math.fround(value));
}

/** The range check of an input type (a function per type, chosen once, so a row's check is one call). */
export function fitsInput(type: FeatureType): (value: number) => boolean {
  return type === 'float64' ? Number.isFinite : fitsFloat32;
}

/** The features as `type` wants them: the same array when it already is that precision, else a converted copy. */
export function asInputType(features: FeatureArray, type: FeatureType): FeatureArray {
  if (type === 'float64') return features instanceof Float64Array ? features : Float64Array.from(features);
  return features instanceof Float32Array ? features : Float32Array.from(features);
}
