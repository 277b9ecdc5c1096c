import { firstRecordEnd } from '../csv/record/record-scan.ts';
import { readRangeResponse } from './read-range.ts';
import type { ObjectVersion } from './types.ts';

export interface HeaderBlock {
  /** The first bytes of the object, at least through the first complete record when there is one. */
  block: Buffer;
  /** Index just past the header record's terminator, or -1 (no newline within `maxBytes` or before EOF). */
  headerEnd: number;
  /** The object's user metadata, from the same GET response (the upload's explicit `columns`, for one). */
  metadata: Record<string, string>;
}

/**
 * Reads the head of the object with ranged GETs, starting at `initialBytes` and doubling until the first record
 * is complete (the CSV record rule, record-scan.ts), the object ends, or `maxBytes` is reached (a header longer than a
 * record may be is an error upstream: inspectHead). The user metadata comes with the last GET: no request of its own.
 */
export async function readHeaderBlock(
  object: ObjectVersion,
  size: number,
  initialBytes = 64 * 1024,
  maxBytes = 1024 * 1024,
): Promise<HeaderBlock> {
  let length = Math.min(initialBytes, size);
  for (;;) {
    const { bytes: block, metadata } = await readRangeResponse(object, 0, length);
    const headerEnd = firstRecordEnd(block);
    if (headerEnd >= 0 || length >= size || length >= maxBytes) return { block, headerEnd, metadata };
    length = Math.min(length * 2, size, maxBytes);
  }
}
