import { CR, QUOTE } from './record-scan.ts';

/**
 * Fields of one record, strict RFC 4180 (what csv-parse does without any `relax_*` option;
 * test/unit/functions/lib/csv/record/quoted-record.test.ts cross-checks the two): the scorer's records that contain
 * double quotes (records without take the faster byte path in ChunkScorer) and the header record (header-record.ts).
 * The record excludes its terminator; newlines inside quotes are data. The scan yields byte ranges, so the scorer
 * decodes only the fields it needs.
 */
export type QuotedParse = { ok: true; fields: string[] } | { ok: false; reason: string };

/** Value bytes of each field, surrounding quotes excluded; `escaped[k]` = 1 when field k holds doubled quotes. */
export interface FieldRanges {
  count: number;
  starts: Int32Array;
  ends: Int32Array;
  escaped: Uint8Array;
}

const COMMA = 0x2c;

export function fieldRanges(capacity: number): FieldRanges {
  return { count: 0, starts: new Int32Array(capacity), ends: new Int32Array(capacity), escaped: new Uint8Array(capacity) };
}

/** Fills `out` (fields beyond its capacity are only counted); returns why the record is malformed, if it is. */
export function scanQuotedRecord(b: Buffer, start: number, end: number, out: FieldRanges): string | undefined {
  const capacity = out.starts.length;
  out.count = 0;
  let i = start;
  for (;;) {
    let valueStart = i;
    let valueEnd: number;
    let escaped = 0;
    if (i < end && b[i] === QUOTE) {
      valueStart = i + 1;
      let q = b.indexOf(QUOTE, valueStart);
      for (;;) {
        if (q === -1 || q >= end) return 'quoted field is not closed';
        if (q + 1 < end && b[q + 1] === QUOTE) {
          escaped = 1;
          q = b.indexOf(QUOTE, q + 2);
          continue;
        }
        break;
      }
      valueEnd = q;
      i = q + 1;
      if (i < end && b[i] !== COMMA) return 'text after a closing quote (a quote inside a field must be doubled)';
    } else {
      for (; i < end && b[i] !== COMMA; i++) {
        if (b[i] === QUOTE) return 'quote inside an unquoted field (quote the whole field and double inner quotes)';
        if (b[i] === CR) return 'carriage return inside a record (CR-only line ends are not supported)';
      }
      valueEnd = i;
    }
    if (out.count < capacity) {
      out.starts[out.count] = valueStart;
      out.ends[out.count] = valueEnd;
      out.escaped[out.count] = escaped;
    }
    out.count++;
    if (i >= end) return undefined;
    i++;
  }
}

/** The text of field k (doubled quotes undone). */
export function fieldText(b: Buffer, ranges: FieldRanges, k: number): string {
  const text = b.toString('utf8', ranges.starts[k], ranges.ends[k]);
  return ranges.escaped[k] ? text.replaceAll('""', '"') : text;
}

export function parseQuotedRecord(b: Buffer, start: number, end: number): QuotedParse {
  let ranges = fieldRanges(16);
  let reason = scanQuotedRecord(b, start, end, ranges);
  if (reason === undefined && ranges.count > 16) {
    ranges = fieldRanges(ranges.count);
    reason = scanQuotedRecord(b, start, end, ranges);
  }
  if (reason !== undefined) return { ok: false, reason };
  return { ok: true, fields: Array.from({ length: ranges.count }, (_, k) => fieldText(b, ranges, k)) };
}
