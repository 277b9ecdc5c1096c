import { neutraliseCell } from './neutralise.ts';

/**
 * Scored row = the input record's bytes as they were (unless a cell had to be neutralised), then for a classifier
 * `,prediction,label,probability_<class>...`, for a regressor `,prediction` (the value); a job's shadow model adds
 * its own columns the same way after them, named `shadow_...`. Probabilities are printed rounded to 6 decimals,
 * shortest form (`0`, `1`, `0.25`, `0.123457`): enough for a float32 softmax and ~3× cheaper than a float32
 * round-trip format.
 */

/**
 * One CSV line (no terminator), each cell neutralised, then quoted when it holds a comma, a quote, LF or CR (RFC 4180;
 * a bare CR is quoted too, so readers that end lines at CR keep the cell whole). Hand-written: it runs once per
 * rejected row, and csv-stringify's per-call option parsing made it most of the cost of an all-rejected chunk.
 */
export function csvLine(cells: readonly string[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) line += (i === 0 ? '' : ',') + csvCell(neutraliseCell(cells[i]!));
  return line;
}

const NEEDS_QUOTES = /[",\n\r]/;

function csvCell(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** What decides the columns a scored row gains: the model's kind and, for a classifier, its classes. */
export type OutputColumns = { kind: 'classifier'; classNames: readonly string[] } | { kind: 'regressor' };

/** What a shadow model's columns are called: its own column names with this in front (`shadow_prediction`, ...). */
export const SHADOW_PREFIX = 'shadow_';

/** The header cells a model's columns add, each name after `prefix` (a shadow model's: SHADOW_PREFIX). */
export function outputSuffix(columns: OutputColumns, prefix = ''): string {
  return columns.kind === 'regressor' ? `,${csvLine([`${prefix}prediction`])}` : outputHeaderSuffix(columns.classNames, prefix);
}

export function outputHeaderSuffix(classNames: readonly string[], prefix = ''): string {
  const names = ['prediction', 'label', ...classNames.map((c) => `probability_${c}`)];
  return `,${csvLine(names.map((name) => `${prefix}${name}`))}`;
}

/** The header cells of a scored row: the model's columns, then the shadow model's when the job has one. */
export function scoredColumnsSuffix(model: OutputColumns, shadow?: OutputColumns): string {
  return shadow === undefined ? outputSuffix(model) : `${outputSuffix(model)}${outputSuffix(shadow, SHADOW_PREFIX)}`;
}

/** `,<index>,<label>` per class index, ready to copy after a record. */
export function classPrefixes(classNames: readonly string[]): Buffer[] {
  return classNames.map((name, index) => Buffer.from(`,${index},${csvLine([name])}`));
}

/** Reference formatting of one probability (writeProbability must produce the same bytes). */
export function formatProbability(p: number): string {
  return String(Math.round(p * 1e6) / 1e6);
}

/** "00" "01" … "99" as bytes: digit pair n at [2n, 2n + 1]. */
const DIGIT_PAIRS = Buffer.from(Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0')).join(''), 'latin1');

/** Writes `,` + formatProbability(p) at `pos`; returns the new position. Hot path: no strings for p in [0, 1]. */
export function writeProbability(out: Buffer, pos: number, p: number): number {
  out[pos++] = 0x2c;
  const micro = Math.round(p * 1e6);
  if (!(micro >= 0 && micro <= 1e6)) return pos + out.write(formatProbability(p), pos, 'latin1');
  if (micro === 0 || micro === 1e6) {
    out[pos++] = micro === 0 ? 0x30 : 0x31;
    return pos;
  }
  // Six fraction digits from a two-digit table (two integer divisions), then trailing zeros dropped.
  const high = (micro / 10_000) | 0;
  const rest = micro - high * 10_000;
  const middle = (rest / 100) | 0;
  const low = rest - middle * 100;
  out[pos++] = 0x30;
  out[pos++] = 0x2e;
  out[pos] = DIGIT_PAIRS[2 * high];
  out[pos + 1] = DIGIT_PAIRS[2 * high + 1];
  out[pos + 2] = DIGIT_PAIRS[2 * middle];
  out[pos + 3] = DIGIT_PAIRS[2 * middle + 1];
  out[pos + 4] = DIGIT_PAIRS[2 * low];
  out[pos + 5] = DIGIT_PAIRS[2 * low + 1];
  let digits = 6;
  while (out[pos + digits - 1] === 0x30) digits--;
  return pos + digits;
}

/** Most bytes writeProbability can write (`,` + a generic number). */
export const MAX_PROBABILITY_BYTES = 32;
