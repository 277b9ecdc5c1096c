import type { Readable } from 'node:stream';

/** Input is fed to a scorer in slices of this size, so the full batches queued per slice stay few. */
const SLICE_BYTES = 256 * 1024;

/** What feedSlices drives: a scorer that takes record bytes and may stop early (its range's records ended). */
export interface SliceScorer {
  push(bytes: Buffer): void;
  end(): void;
  readonly stopped: boolean;
}

/**
 * Feeds the input to the scorer slice by slice and drains it (scores and writes the batches ready) after each, then
 * ends it and drains once more. Backpressure: the next slice is read only after the previous one was drained, so
 * memory holds about one slice and its batches. Leaving the loop early (the scorer stopped) returns the iterator,
 * which closes the input. The CSV and the JSON Lines pipelines both read their chunks this way.
 */
export async function feedSlices(
  input: Readable | AsyncIterable<Uint8Array>,
  scorer: SliceScorer,
  drain: () => Promise<void>,
): Promise<void> {
  read: for await (const chunk of input) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    for (let at = 0; at < bytes.length; at += SLICE_BYTES) {
      scorer.push(bytes.subarray(at, at + SLICE_BYTES));
      await drain();
      if (scorer.stopped) break read;
    }
  }
  scorer.end();
  await drain();
}
