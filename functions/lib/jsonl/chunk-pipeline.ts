import type { Model } from '../model/types.ts';
import { batchFeatures } from '../csv/row-batch.ts';
import { ShadowAgreement } from '../csv/shadow-agreement.ts';
import { feedSlices } from '../csv/feed-slices.ts';
import type { ChunkCounts, ChunkSinks } from '../csv/types.ts';
import type { RecordSplitterOptions } from '../csv/record/RecordSplitter.ts';
import type { ColumnPair } from '../csv/columns-metadata.ts';
import { JsonlScorer } from './JsonlScorer.ts';
import { jsonFields, renderJsonBatch, shadowJsonFields } from './render.ts';
import type { JsonFields, JsonRenderScratch } from './render.ts';

export interface ScoreJsonlOptions {
  input: AsyncIterable<Uint8Array>;
  /** The upload's explicit feature=key pairs. */
  pairs: readonly ColumnPair[];
  chunkIndex: number;
  model: Model;
  shadow?: Model;
  batchRows: number;
  maxRecordBytes: number;
  range?: Omit<RecordSplitterOptions, 'quoting'>;
}

/**
 * Scores one chunk of JSON Lines into two sinks, as the CSV pipeline does (csv/chunk-pipeline.ts): bytes → lines →
 * batches → model.predict → scored lines; rejected lines → errors (`line,record,reason`). No output header. The next
 * slice is read only once the previous one's batches were written, so memory holds about one slice and one batch.
 */
export async function scoreJsonlChunkInto(options: ScoreJsonlOptions, sinks: ChunkSinks): Promise<ChunkCounts> {
  const { model, shadow } = options;
  const scorer = new JsonlScorer({
    featureNames: model.info.featureNames,
    pairs: options.pairs,
    chunkIndex: options.chunkIndex,
    batchRows: options.batchRows,
    maxRecordBytes: options.maxRecordBytes,
    range: options.range,
  });
  const fields = jsonFields(model.info);
  const shadowed = shadow && {
    model: shadow,
    fields: shadowJsonFields(shadow.info),
    agreement: new ShadowAgreement(model.info, shadow.info),
  };
  const scratch: JsonRenderScratch = { buffer: Buffer.alloc(0) };
  const drain = () => flush(scorer, model, fields, shadowed, scratch, sinks);
  await feedSlices(options.input, scorer, drain);
  return {
    rowsIn: scorer.rowsIn,
    rowsScored: scorer.rowsScored,
    rowsRejected: scorer.rowsRejected,
    lines: scorer.lines,
    recordsEnd: scorer.recordsEnd,
    ...(shadowed ? { shadow: shadowed.agreement.counts } : {}),
  };
}

async function flush(
  scorer: JsonlScorer,
  model: Model,
  fields: JsonFields,
  shadow: { model: Model; fields: JsonFields; agreement: ShadowAgreement } | undefined,
  scratch: JsonRenderScratch,
  sinks: ChunkSinks,
): Promise<void> {
  for (const batch of scorer.takeBatches()) {
    const features = batchFeatures(batch, model.info.featureCount);
    let rendered: Buffer;
    if (shadow) {
      const [predictions, shadowed] = await Promise.all([model.predict(features, batch.rows), shadow.model.predict(features, batch.rows)]);
      shadow.agreement.add(predictions, shadowed);
      rendered = renderJsonBatch(
        batch,
        [
          { predictions, fields },
          { predictions: shadowed, fields: shadow.fields },
        ],
        scratch,
      );
    } else {
      rendered = renderJsonBatch(batch, [{ predictions: await model.predict(features, batch.rows), fields }], scratch);
    }
    scorer.recycle(batch);
    await sinks.scored.write(rendered);
  }
  const rejected = scorer.takeErrors();
  if (rejected) await sinks.errors.write(rejected);
}
