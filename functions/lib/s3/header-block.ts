/**
 * Index just past the first record terminator (`\n`) that is outside double quotes, or -1 when the block holds no
 * complete record. RFC 4180 quoting: `""` inside quotes toggles twice, so plain toggling is exact.
 */
export function firstRecordEnd(block: Buffer): number {
  let quoted = false;
  for (let i = 0; i < block.length; i++) {
    const byte = block[i];
    if (byte === 0x22) quoted = !quoted;
    else if (byte === 0x0a && !quoted) return i + 1;
  }
  return -1;
}

/** Heuristic for "this is not a text CSV": NUL bytes never occur in UTF-8 text. */
export function looksBinary(block: Buffer): boolean {
  return block.subarray(0, 8192).includes(0);
}

/** gzip magic bytes 1f 8b. */
export function looksGzip(block: Buffer): boolean {
  return block.length >= 2 && block[0] === 0x1f && block[1] === 0x8b;
}
