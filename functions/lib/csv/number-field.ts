import type { FeatureType } from '../model/feature-values.ts';
/**
 * Feature values: decimal numbers only (optional sign, digits, fraction, exponent; spaces/tabs around allowed).
 * Hex, `NaN`, `Infinity`, empty cells and values that overflow float32 are rejected. The byte parser is the hot path;
 * it is exact (Clinger's fast path: ≤ 15 significant digits and |exponent| ≤ 22 make one correctly rounded
 * IEEE operation), otherwise it defers to Number(), so both paths give the same double as Number(text).
 */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
const DECIMAL = /^[ \t]*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[ \t]*$/;
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function isBlank(byte: number): boolean {
  return byte === 0x20 || byte === 0x09;
}

/** The double in bytes [start, end) of `b`, or NaN when they are not a decimal number. */
export function parseNumberBytes(b: Buffer, start: number, end: number): number {
  let s = start;
  let e = end;
  while (s < e && isBlank(b[s])) s++;
  while (e > s && isBlank(b[e - 1])) e--;
  let i = s;
  if (i < e && (b[i] === 0x2d || b[i] === 0x2b)) i++;
  let mantissa = 0;
  let significant = 0;
  let scale = 0;
  let digits = 0;
  for (; i < e; i++) {
    const d = b[i] - 0x30;
    if (d < 0 || d > 9) break;
    digits++;
    if (mantissa === 0 && d === 0) continue;
    if (significant < 15) mantissa = mantissa * 10 + d;
    else scale++;
    significant++;
  }
  if (i < e && b[i] === 0x2e) {
    for (i++; i < e; i++) {
      const d = b[i] - 0x30;
      if (d < 0 || d > 9) break;
      digits++;
      if (mantissa === 0 && d === 0) {
        scale--;
        continue;
      }
      if (significant < 15) {
        mantissa = mantissa * 10 + d;
        scale--;
      }
      significant++;
    }
  }
  if (digits === 0) return NaN;
  let exponent = 0;
  if (i < e && (b[i] === 0x65 || b[i] === 0x45)) {
    i++;
    let negative = false;
    if (i < e && (b[i] === 0x2d || b[i] === 0x2b)) negative = b[i++] === 0x2d;
    const first = i;
    for (; i < e; i++) {
      const d = b[i] - 0x30;
      if (d < 0 || d > 9) break;
      if (exponent < 100_000) exponent = exponent * 10 + d;
    }
    if (i === first) return NaN;
    if (negative) exponent = -exponent;
  }
  if (i !== e) return NaN;
  const power = scale + exponent;
  if (significant > 15 || power > 22 || power < -22) return Number(b.toString('latin1', s, e));
  const value = power >= 0 ? mantissa * POW10[power] : mantissa / POW10[-power];
  return b[s] === 0x2d ? -value : value;
}

/** Same rules for a field that came out of a quoted record (already unquoted text). */
export function parseNumberText(text: string): number {
  return DECIMAL.test(text) ? Number(text) : NaN;
}

/** Plain number without surrounding spaces: such cells are not formulas, even when they start with - or +. */
export function isPlainNumber(text: string): boolean {
  return PLAIN_NUMBER.test(text);
}

/** Why `text` is not an acceptable feature value for an input of `type` (called only for rejected cells). */
export function numberProblem(text: string, type: FeatureType = 'float32'): string {
  const trimmed = text.trim();
  if (trimmed === '') return 'empty value';
  if (/^[+-]?nan$/i.test(trimmed)) return 'NaN is not a number';
  if (/^[+-]?inf(inity)?$/i.test(trimmed)) return 'infinite value';
  if (DECIMAL.test(text)) return `value out of ${type} range`;
  return `not a number: ${JSON.stringify(trimmed.length > 40 ? `${trimmed.slice(0, 40)}…` : trimmed)}`;
}
