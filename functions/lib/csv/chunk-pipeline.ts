import { PassThrough } from 'node:stream';
import type { Writable } from 'node:stream';
import type { Model } from '../model/types.ts';
import { renderBatch, type RenderScratch } from './row-batch.ts';
import { ChunkScorer } from './ChunkScorer.ts';
import { chunkCounts, scoreReadyBatches } from './score-batches.ts';
import type { RenderScored, ShadowModel } from './score-batches.ts';
import { feedSlices } from './feed-slices.ts';
import { ShadowAgreement } from './shadow-agreement.ts';
import { classPrefixes } from './output-format.ts';
import type { ByteSink, ChunkCounts, ChunkOutput, ChunkSinks, ScoreChunkOptions } from './types.ts';

/**
 * Scores one chunk into two sinks: input bytes → records → batches → model.predict → scored CSV, rejected rows →
 * errors. Backpressure: the next input slice is read only after the previous slice's batches were scored and
 * written, so memory holds about one slice, its batches and one rendered batch (rendered into the same scratch
 * buffer every time: the sinks copy the bytes out). A failure that is not about one row (input stream error,
 * model error, sink error) rejects.
 */
export async function scoreChunkInto(options: ScoreChunkOptions, sinks: ChunkSinks): Promise<ChunkCounts> {
  const scorer = new ChunkScorer({ ...options, info: options.model.info, shadow: options.shadow?.info });
  const model = scoring(options.model);
  const shadow = options.shadow && { ...scoring(options.shadow), agreement: new ShadowAgreement(options.model.info, options.shadow.info) };
  const render = renderCsv(model, shadow, { buffer: Buffer.alloc(0) });
  const drain = () => flush(scorer, model.model, shadow, render, sinks);
  await feedSlices(options.input, scorer, drain);
  return chunkCounts(scorer, shadow);
}

/** A model and the bytes its classes print as (classPrefixes; none for a regressor). */
interface Scoring {
  model: Model;
  prefixes: Buffer[];
}

/** A job's shadow model, its agreement with the model so far, and its classes' bytes. */
interface ShadowScoring extends Scoring, ShadowModel {}

function scoring(model: Model): Scoring {
  const { info } = model;
  return { model, prefixes: info.kind === 'classifier' ? classPrefixes(info.classNames) : [] };
}

/**
 * scoreChunkInto with both outputs as readable streams (for consumers that want streams: tests, benches, the
 * bad-input reference). `done` resolves after both streams ended; on failure it rejects and destroys both.
 */
export function scoreChunk(options: ScoreChunkOptions): ChunkOutput {
  const scored = new PassThrough();
  const errors = new PassThrough();
  // The stream keeps what it is given until read, so it gets its own copy of each (reused) rendered buffer.
  const sinks: ChunkSinks = { scored: streamSink(scored), errors: streamSink(errors) };
  const done = scoreChunkInto(options, sinks).then(
    (counts) => {
      scored.end();
      errors.end();
      return counts;
    },
    (error: unknown) => {
      scored.destroy(error as Error);
      errors.destroy(error as Error);
      throw error;
    },
  );
  return { scored, errors, done };
}

/** CSV rows rendered into one reused scratch buffer (the sinks copy the bytes out). */
function renderCsv({ prefixes }: Scoring, shadow: ShadowScoring | undefined, scratch: RenderScratch): RenderScored {
  return (batch, predictions, shadowed) =>
    renderBatch(batch, predictions, prefixes, scratch, shadow && shadowed && { predictions: shadowed, classPrefixes: shadow.prefixes });
}

/** The output header first (chunk 0, once its header record was seen), then the ready batches and error rows. */
async function flush(
  scorer: ChunkScorer,
  model: Model,
  shadow: ShadowScoring | undefined,
  render: RenderScored,
  sinks: ChunkSinks,
): Promise<void> {
  const header = scorer.takeHeader();
  if (header !== null) await sinks.scored.write(Buffer.from(header));
  await scoreReadyBatches(scorer, model, shadow, render, sinks);
}

function streamSink(stream: Writable): ByteSink {
  return { write: (bytes) => write(stream, Buffer.from(bytes)) };
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
    const onDrain = (): void => {
      settle();
      resolve();
    };
    const onClose = (): void => {
      settle();
      reject(new Error('chunk output stream was closed by its reader'));
    };
    stream.on('drain', onDrain);
    stream.on('close', onClose);
  });
}
