import { looksBinary, looksGzip } from '../s3/header-block.ts';

/** What ingest learns from the first bytes of an object before any CSV parsing. */
export type HeadInspection =
  | { ok: true; header: Buffer }
  | { ok: false; reason: string };

/**
 * Refuses what cannot be a plain CSV, with a reason a user can act on; otherwise returns the header record's bytes
 * (terminator excluded). `headerEnd` is -1 when no record terminator was found in `block`.
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
  if (block[end - 1] === 0x0d) end -= 1;
  const header = block.subarray(0, end);
  if (header.toString('utf8').trim() === '') return { ok: false, reason: 'no header row: the first line is empty' };
  // Without this the whole CR-separated file reads as one header record and fails as a confusing column mismatch.
  if (hasUnquotedCr(header)) {
    return { ok: false, reason: 'carriage return inside the header row: CR-only line ends are not supported; use LF or CRLF' };
  }
  return { ok: true, header };
}

function hasUnquotedCr(record: Buffer): boolean {
  let quoted = false;
  for (const byte of record) {
    if (byte === 0x22) quoted = !quoted;
    else if (byte === 0x0d && !quoted) return true;
  }
  return false;
}
