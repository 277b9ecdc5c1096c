import { parseNumberText, fitsFloat32 } from './number-field.ts';
import type { HeaderMatch } from './types.ts';

const BOM = '\uFEFF';

/**
 * Maps the header record's fields (record/header-record.ts) to the model's features:
 * - by name when it names every feature (case/whitespace-insensitive, any order; other columns pass through);
 * - as data, when it names none, has exactly the feature count of fields and any of them is a number: a file
 *   without a header (features by position; its first row is scored, and the scored header uses the model's
 *   feature names). Header names are never numbers; a first data row with one bad value is still data;
 * - by position when it names none and has exactly the feature count of fields (header kept as is);
 * - otherwise a reason: duplicate names, missing features, unsupported delimiter, wrong column count.
 * Only commas delimit: a `;` or tab-delimited header is refused with a reason saying so (not guessed).
 */
export function matchHeader(headerFields: readonly string[], featureNames: readonly string[]): HeaderMatch {
  const fields = headerFields.map((f, i) => (i === 0 && f.startsWith(BOM) ? f.slice(1) : f));
  const delimiter = foreignDelimiter(fields, featureNames.length);
  if (delimiter) return { ok: false, reason: `the header is ${delimiter}-delimited; only comma-separated CSV is supported` };
  const names = fields.map(normalise);
  const duplicates = [...new Set(names.filter((n, i) => names.indexOf(n) !== i))];
  if (duplicates.length > 0) return { ok: false, reason: `duplicate header names: ${quoteList(duplicates)}` };
  const featureColumns = featureNames.map((f) => names.indexOf(normalise(f)));
  const missing = featureNames.filter((_, f) => featureColumns[f] === -1);
  if (missing.length === 0) return { ok: true, columns: { by: 'name', hasHeader: true, width: fields.length, featureColumns } };
  if (missing.length < featureNames.length) {
    return {
      ok: false,
      reason: `missing feature column${missing.length > 1 ? 's' : ''} ${quoteList(missing)} (header: ${quoteList(fields)})`,
    };
  }
  if (fields.length === featureNames.length) {
    const positional = featureNames.map((_, f) => f);
    return { ok: true, columns: { by: 'position', hasHeader: !fields.some(isNumber), width: fields.length, featureColumns: positional } };
  }
  return {
    ok: false,
    reason: `the header names none of the model's features ${quoteList(featureNames)} and has ${fields.length} columns, not ${featureNames.length} for matching by position`,
  };
}

function foreignDelimiter(fields: readonly string[], featureCount: number): string | undefined {
  if (fields.length !== 1 || featureCount < 2) return undefined;
  if (fields[0].includes(';')) return 'semicolon';
  if (fields[0].includes('\t')) return 'tab';
  return undefined;
}

function normalise(name: string): string {
  return name.trim().toLowerCase();
}

function isNumber(field: string): boolean {
  const value = parseNumberText(field);
  return !Number.isNaN(value) && fitsFloat32(value);
}

function quoteList(names: readonly string[]): string {
  const shown = names
    .slice(0, 10)
    .map((n) => JSON.stringify(n))
    .join(', ');
  return names.length > 10 ? `${shown}, … (${names.length} in all)` : shown;
}
