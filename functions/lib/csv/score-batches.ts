import type { Model, Predictions } from '../model/types.ts';
import { batchFeatures } from './row-batch.ts';
import type { Batch } from './row-batch.ts';
import type { RowBatcher } from './RowBatcher.ts';
import type { ShadowAgreement } from './shadow-agreement.ts';
import type { ChunkCounts, ChunkSinks } from './types.ts';

/** A job's shadow model, and its agreement with the model so far. */
export interface ShadowModel {
  model: Model;
  agreement: ShadowAgreement;
}

/** A batch's output bytes in the chunk's format, from the model's predictions (and the shadow's, with one). */
export type RenderScored = (batch: Batch, predictions: Predictions, shadowed: Predictions | undefined) => Buffer;

/**
 * Scores the batches the scorer has ready and writes each rendered batch, then the rows rejected since the last
 * call. With a shadow, both sessions predict the same features at once: one more predict per batch, not one more
 * pass. A rendered batch holds its own copy of the rows, so the batch goes back to the scorer before the write.
 */
export async function scoreReadyBatches(
  scorer: RowBatcher,
  model: Model,
  shadow: ShadowModel | undefined,
  render: RenderScored,
  sinks: ChunkSinks,
): Promise<void> {
  for (const batch of scorer.takeBatches()) {
    const features = batchFeatures(batch, model.info.featureCount);
    let predictions: Predictions;
    let shadowed: Predictions | undefined;
    if (shadow) {
      [predictions, shadowed] = await Promise.all([model.predict(features, batch.rows), shadow.model.predict(features, batch.rows)]);
      shadow.agreement.add(predictions, shadowed);
    } else {
      predictions = await model.predict(features, batch.rows);
    }
    const rendered = render(batch, predictions, shadowed);
    scorer.recycle(batch);
    await sinks.scored.write(rendered);
  }
  const rejected = scorer.takeErrors();
  if (rejected) await sinks.errors.write(rejected);
}

/** The scorer's counts once the chunk ended, with the shadow's agreement when the job has one. */
export function chunkCounts(scorer: RowBatcher, shadow: ShadowModel | undefined): ChunkCounts {
  return {
    rowsIn: scorer.rowsIn,
    rowsScored: scorer.rowsScored,
    rowsRejected: scorer.rowsRejected,
    lines: scorer.lines,
    recordsEnd: scorer.recordsEnd,
    ...(shadow ? { shadow: shadow.agreement.counts } : {}),
  };
}
