/**
 * A regression value as the number to print: for a float32 output, the shortest decimal that reads back as the same
 * float32 (`151.00799560546875` → `151.008`), since the digits past float32's precision are noise of the widening to
 * double; a float64 output's value as it is. CSV writes its `String()`, JSON its number: both the same text.
 */
export function valueToPrint(values: Float32Array | Float64Array, index: number): number {
  const value = values[index]!;
  if (!(values instanceof Float32Array) || !Number.isFinite(value)) return value;
  // 6 significant digits and fewer: a float32 is within 6e-8 relative of any decimal that reads back as it, less
  // than half a 6-digit step, so toPrecision(6) already finds a shorter one. 9 digits always read back.
  for (let digits = 6; digits < 9; digits++) {
    const decimal = Number(value.toPrecision(digits));
    if (Math.fround(decimal) === value) return decimal;
  }
  return Number(value.toPrecision(9));
}
