const LF = 0x0a;
const QUOTE = 0x22;

/**
 * What one pass over a byte segment tells about record boundaries, for either quote state at its start. Records
 * end at a `\n` outside double quotes, and quote state is plain parity (RFC 4180's doubled quotes toggle twice):
 * so the state at any byte is the state at the segment's start XOR the parity of the quotes before it. Segments
 * can therefore be scanned independently and in parallel, and stitched together afterwards.
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

  constructor(position: number) {
    this.position = position;
  }

  push(bytes: Uint8Array): void {
    let i = 0;
    // Next quote / newline at or after i, found lazily; -1 once none is left in this piece.
    let quote = -2;
    let lf = -2;
    while (this.outside === null || this.inside === null) {
      if (quote !== -1 && quote < i) quote = bytes.indexOf(QUOTE, i);
      // A newline only matters while the boundary for the current parity is unknown; otherwise skip to the quote.
      if (this.odd ? this.inside !== null : this.outside !== null) {
        if (quote === -1) break;
        this.odd = !this.odd;
        i = quote + 1;
        continue;
      }
      if (lf !== -1 && lf < i) lf = bytes.indexOf(LF, i);
      if (lf === -1) break;
      if (quote !== -1 && quote < lf) {
        this.odd = !this.odd;
        i = quote + 1;
        continue;
      }
      // State here = start state XOR odd: outside for a start outside when even, for a start inside when odd.
      if (this.odd) this.inside = this.position + lf + 1;
      else this.outside = this.position + lf + 1;
      i = lf + 1;
    }
    this.countQuotes(bytes, i);
    this.position += bytes.length;
  }

  result(): SegmentScan {
    return { quotesOdd: this.odd, boundaryIfStartOutside: this.outside, boundaryIfStartInside: this.inside };
  }

  /** Both boundaries known (or no newline left): only the parity matters from here. */
  private countQuotes(bytes: Uint8Array, from: number): void {
    for (let q = bytes.indexOf(QUOTE, from); q !== -1; q = bytes.indexOf(QUOTE, q + 1)) this.odd = !this.odd;
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
