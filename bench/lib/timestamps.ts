import { InvalidTimestampError } from './errors.ts';

/** Below this a number is epoch SECONDS (Python's time.time(), the AWS CLI's JSON), above it epoch ms. */
const SECONDS_LIMIT = 1e11;

/** A history or probe timestamp (Date, ISO string, epoch seconds or ms, numeric string) → epoch ms. */
export function toEpochMs(value: Date | string | number): number {
  if (value instanceof Date) return checked(value.getTime(), value);
  if (typeof value === 'number') return checked(value < SECONDS_LIMIT ? value * 1000 : value, value);
  const trimmed = value.trim();
  if (trimmed !== '' && Number.isFinite(Number(trimmed))) return toEpochMs(Number(trimmed));
  return checked(Date.parse(trimmed), value);
}

function checked(ms: number, original: unknown): number {
  if (!Number.isFinite(ms)) throw new InvalidTimestampError(original);
  return ms;
}
