/** Markdown building blocks of the report. */

export type Cell = string | number | null | undefined;

/** A number as ms: 1 decimal under 100, whole above; '–' when not measured. */
export function ms(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  return Math.abs(value) < 100 ? value.toFixed(1) : value.toFixed(0);
}

export function pct(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '–' : `${value.toFixed(1)} %`;
}

/** Dollars with 3 significant digits (costs span 1e-9 … 1e3). */
export function usd(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  if (value === 0) return '$0';
  return `$${Math.abs(value) >= 1000 ? value.toFixed(0) : value.toPrecision(3)}`;
}

export function num(value: number | undefined, digits = 0): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function cell(value: Cell): string {
  if (value === null || value === undefined) return '–';
  return String(value).replaceAll('|', '\\|').replaceAll('\n', ' ');
}

export function table(headers: readonly string[], rows: ReadonlyArray<readonly Cell[]>): string {
  const line = (cells: readonly Cell[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(headers), `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map(line)].join('\n');
}

/** HH:MM:SS.mmm (UTC) of an epoch ms, as the Step Functions console shows event times. */
export function clock(epochMs: number | undefined): string {
  return epochMs === undefined || !Number.isFinite(epochMs) ? '–' : new Date(epochMs).toISOString().slice(11, 23);
}
