import { CR, quotesOdd } from './record/record-scan.ts';

/** What ingest learns from the first bytes of an object before any CSV parsing. */
export type HeadInspection = { ok: true; header: Buffer } | { ok: false; reason: string };

/**
 * Refuses what cannot be a plain CSV, with a reason a user can act on; otherwise returns the header record's bytes
 * (terminator excluded). `headerEnd` is -1 when no record terminator was found in `block` (see firstRecordEnd).
 */
export function inspectHead(block: Buffer, headerEnd: number, size: number, maxHeaderBytes: number): HeadInspection {
  if (size === 0) return { ok: false, reason: 'empty object (0 bytes): nothing to score; upload a CSV with a header row' };
  if (looksGzip(block)) return { ok: false, reason: 'gzip-compressed CSV is not supported; upload plain .csv' };
  if (looksBinary(block)) return { ok: false, reason: 'binary content (NUL bytes) is not a CSV text file' };
  if (headerEnd < 0 && block.length < size) {
    return { ok: false, reason: `header row not terminated within the first ${maxHeaderBytes} bytes` };
  }
  let end = headerEnd < 0 ? block.length : headerEnd;
  if (block[end - 1] === 0x0a) end -= 1;
  if (block[end - 1] === CR) end -= 1;
  const header = block.subarray(0, end);
  if (header.toString('utf8').trim() === '') return { ok: false, reason: 'no header row: the first line is empty' };
  // Without this the whole CR-separated file reads as one header record and fails as a confusing column mismatch.
  if (hasUnquotedCr(header)) {
    return { ok: false, reason: 'carriage return inside the header row: CR-only line ends are not supported; use LF or CRLF' };
  }
  return { ok: true, header };
}

/** Heuristic for "this is not a text CSV": NUL bytes never occur in UTF-8 text. */
export function looksBinary(block: Buffer): boolean {
  return block.subarray(0, 8192).includes(0);
}

/** gzip magic bytes 1f 8b. */
export function looksGzip(block: Buffer): boolean {
  return block.length >= 2 && block[0] === 0x1f && block[1] === 0x8b;
}

/** A `\r` outside quotes; the quote state at each `\r` is the parity of the quotes before it (record-scan.ts). */
function hasUnquotedCr(record: Buffer): boolean {
  let inQuotes = false;
  let from = 0;
  for (let cr = record.indexOf(CR); cr !== -1; cr = record.indexOf(CR, cr + 1)) {
    if (quotesOdd(record.subarray(from, cr))) inQuotes = !inQuotes;
    if (!inQuotes) return true;
    from = cr;
  }
  return false;
}
