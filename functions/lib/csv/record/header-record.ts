import { parseQuotedRecord } from './quoted-record.ts';

/** Header record bytes → its fields, or why they are not one CSV record. */
export type HeaderFields = { ok: true; fields: string[] } | { ok: false; reason: string };

/**
 * Where the file's first record starts in [start, end): past a UTF-8 BOM, which spreadsheet exports write and which is
 * not part of the first field.
 */
export function skipBom(data: Buffer, start: number, end: number): number {
  return end - start >= 3 && data[start] === 0xef && data[start + 1] === 0xbb && data[start + 2] === 0xbf ? start + 3 : start;
}

/**
 * The header record's fields: the one header parser, used by ingest (matchColumns → matchHeader) and by chunk 0's
 * scorer (the output header), so both read the same names. Bytes [start, end), terminator excluded, a BOM allowed;
 * strict RFC 4180 like the scorer's quoted records.
 */
export function parseHeaderRecord(data: Buffer, start = 0, end = data.length): HeaderFields {
  const from = skipBom(data, start, end);
  if (from === end) return { ok: false, reason: 'no header row: the first record is empty' };
  const parsed = parseQuotedRecord(data, from, end);
  return parsed.ok ? parsed : { ok: false, reason: `the header row is not valid CSV: ${parsed.reason}` };
}
