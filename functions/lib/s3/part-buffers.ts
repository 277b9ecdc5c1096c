/**
 * Part buffers kept for the next invocation of a warm environment. A fresh buffer costs a page fault per 4 KiB the
 * first time each page is written (the kernel hands out zeroed pages one by one): filling a new 8 MiB buffer measured
 * 0.4–2.8 ms per MiB here, against 0.02 ms per MiB for one written before, and a chunk's scored output used to take
 * three new part-sized buffers' worth of fresh pages (its growth from 64 KiB, then a second part buffer). Kept buffers
 * are written pages already. At most MAX_KEPT are kept (a chunk's two uploaders × two buffers each), so what a warm
 * environment holds between invocations is bounded: 4 × 8 MiB at the default part size.
 */
const MAX_KEPT = 4;
const kept: Buffer[] = [];

/** A buffer of exactly `bytes`: a kept one when there is one of that size, else a new one. */
export function takePartBuffer(bytes: number): Buffer {
  const at = kept.findIndex((buffer) => buffer.length === bytes);
  if (at === -1) return Buffer.allocUnsafeSlow(bytes);
  return kept.splice(at, 1)[0]!;
}

/**
 * Gives a buffer back once nothing reads it any more (its upload answered). A buffer given twice is kept once, so
 * two uploaders can never be handed the same memory.
 */
export function givePartBuffer(buffer: Buffer): void {
  if (kept.length < MAX_KEPT && !kept.includes(buffer)) kept.push(buffer);
}

/** How many buffers are kept now (for tests). */
export function keptPartBuffers(): number {
  return kept.length;
}
