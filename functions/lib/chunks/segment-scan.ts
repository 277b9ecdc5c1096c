import { RecordScan, quotesOdd } from '../csv/record/record-scan.ts';

/**
 * What one pass over a byte segment tells about record boundaries, for either quote state at its start. The quote
 * state at any byte is the state at the segment's start XOR the parity of the quotes before it (record-scan.ts), so
 * segments can be scanned independently and in parallel, and stitched together afterwards.
 */
export interface SegmentScan {
  /** An odd number of `"` in the segment: the quote state at its end is the opposite of the one at its start. */
  quotesOdd: boolean;
  /** Just past the first `\n` that is outside quotes when the segment starts outside quotes; null if none. */
  boundaryIfStartOutside: number | null;
  /** The same when the segment starts inside a quoted field. */
  boundaryIfStartInside: number | null;
}

/** Scans a segment fed in pieces; `position` is the absolute offset of its first byte. Memory: none kept. */
export class SegmentScanner {
  private position: number;
  private odd = false;
  private outside: number | null = null;
  private inside: number | null = null;
  private readonly fromOutside: RecordScan;
  private readonly fromInside: RecordScan;
  private readonly quoting: boolean;

  /** `quoting` false: `"` quotes nothing (JSON Lines), so both boundaries are the first `\n` and the parity stays even. */
  constructor(position: number, quoting = true) {
    this.position = position;
    this.quoting = quoting;
    this.fromOutside = new RecordScan({ inQuotes: false, quoting });
    this.fromInside = new RecordScan({ inQuotes: quoting, quoting });
  }

  push(bytes: Uint8Array): void {
    // Each boundary is usually found within the first records; after that only the parity is counted.
    if (this.outside === null) this.outside = this.boundary(this.fromOutside, bytes);
    if (this.inside === null) this.inside = this.boundary(this.fromInside, bytes);
    if (this.quoting && quotesOdd(bytes)) this.odd = !this.odd;
    this.position += bytes.length;
  }

  result(): SegmentScan {
    return { quotesOdd: this.odd, boundaryIfStartOutside: this.outside, boundaryIfStartInside: this.inside };
  }

  private boundary(scan: RecordScan, bytes: Uint8Array): number | null {
    scan.load(bytes);
    const lf = scan.recordEnd(0);
    return lf === -1 ? null : this.position + lf + 1;
  }
}

/**
 * Stitches the scans of consecutive segments [c0 = 0, c1), [c1, c2), … [cn, size) into the exact record boundary
 * at or after each cut c1…cn: the quote state at cut j is the parity of all quotes before it; the boundary is the
 * first unquoted `\n` in segment j for that state, or, when segment j has none, the boundary of cut j + 1 (null
 * when no unquoted newline follows: the rest of the object is one record).
 */
export function stitchBoundaries(scans: readonly SegmentScan[]): (number | null)[] {
  const insideAt: boolean[] = [];
  let inside = false;
  for (let j = 1; j < scans.length; j++) {
    inside = inside !== scans[j - 1].quotesOdd;
    insideAt[j] = inside;
  }
  const boundaries: (number | null)[] = new Array(Math.max(0, scans.length - 1)).fill(null);
  let next: number | null = null;
  for (let j = scans.length - 1; j >= 1; j--) {
    const own = insideAt[j] ? scans[j].boundaryIfStartInside : scans[j].boundaryIfStartOutside;
    next = own ?? next;
    boundaries[j - 1] = next;
  }
  return boundaries;
}
