import { PassThrough } from 'node:stream';
import type { Writable } from 'node:stream';
import type { Model } from '../model/types.ts';
import { batchFeatures, renderBatch } from './batch.ts';
import { ChunkScorer } from './ChunkScorer.ts';
import { classPrefixes } from './output-format.ts';
import type { ChunkCounts, ChunkOutput, ScoreChunkOptions } from './types.ts';

/** Input is fed to the scorer in slices of this size, so full batches queued per slice stay few. */
const SLICE_BYTES = 256 * 1024;

/**
 * Streams one chunk: input bytes → records → batches → model.predict → scored CSV, rejected rows → errors.
 * Backpressure: the next input slice is read only after the previous slice's batches were scored and written
 * and both outputs drained, so memory holds about one slice, its batches and the streams' buffers.
 * A failure that is not about one row (input stream error, model error) rejects `done` and destroys both outputs.
 */
export function scoreChunk(options: ScoreChunkOptions): ChunkOutput {
  const scored = new PassThrough();
  const errors = new PassThrough();
  const done = run(options, scored, errors).catch((error: unknown) => {
    scored.destroy(error as Error);
    errors.destroy(error as Error);
    throw error;
  });
  return { scored, errors, done };
}

async function run(options: ScoreChunkOptions, scored: PassThrough, errors: PassThrough): Promise<ChunkCounts> {
  const scorer = new ChunkScorer({ ...options, info: options.model.info });
  const prefixes = classPrefixes(options.model.info.classNames);
  const drain = () => flush(scorer, options.model, prefixes, scored, errors);
  for await (const chunk of options.input) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    for (let at = 0; at < bytes.length; at += SLICE_BYTES) {
      scorer.push(bytes.subarray(at, at + SLICE_BYTES));
      await drain();
    }
  }
  scorer.end();
  await drain();
  scored.end();
  errors.end();
  return { rowsIn: scorer.rowsIn, rowsScored: scorer.rowsScored, rowsRejected: scorer.rowsRejected, lines: scorer.lines };
}

async function flush(scorer: ChunkScorer, model: Model, prefixes: Buffer[], scored: Writable, errors: Writable): Promise<void> {
  const header = scorer.takeHeader();
  if (header !== null) await write(scored, Buffer.from(header));
  for (const batch of scorer.takeBatches()) {
    const predictions = await model.predict(batchFeatures(batch, model.info.featureCount), batch.rows);
    const rendered = renderBatch(batch, predictions, prefixes);
    scorer.recycle(batch); // rendered holds its own copy of the rows; the model is done with the features
    await write(scored, rendered);
  }
  const rejected = scorer.takeErrors();
  if (rejected) await write(errors, Buffer.from(rejected));
}

/** Writes and waits for 'drain' when the consumer is behind; a consumer that went away fails the chunk. */
function write(stream: Writable, bytes: Buffer): Promise<void> | undefined {
  if (stream.destroyed) throw new Error('chunk output stream was closed by its reader');
  if (stream.write(bytes)) return undefined;
  // Plain listeners, not events.once with an AbortSignal: this runs for most batches and aborting allocates errors.
  return new Promise((resolve, reject) => {
    const settle = (): void => {
      stream.off('drain', onDrain);
      stream.off('close', onClose);
    };
    const onDrain = (): void => { settle(); resolve(); };
    const onClose = (): void => { settle(); reject(new Error('chunk output stream was closed by its reader')); };
    stream.on('drain', onDrain);
    stream.on('close', onClose);
  });
}
