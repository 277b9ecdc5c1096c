import { ShadowAgreement } from '../csv/shadow-agreement.ts';
import { feedSlices } from '../csv/feed-slices.ts';
import { chunkCounts, scoreReadyBatches } from '../csv/score-batches.ts';
import type { RenderScored, ShadowModel } from '../csv/score-batches.ts';
import type { ChunkCounts, ChunkSinks, ScoreChunkOptions } from '../csv/types.ts';
import type { RecordSplitterOptions } from '../csv/record/RecordSplitter.ts';
import type { ColumnPair } from '../csv/columns-metadata.ts';
import { JsonlScorer } from './JsonlScorer.ts';
import { jsonFields, renderJsonBatch, shadowJsonFields } from './render.ts';
import type { JsonFields, JsonRenderScratch } from './render.ts';
import { batchFeatureType } from '../model/feature-values.ts';

/** The CSV pipeline's options, with the upload's explicit feature=key pairs in place of a column mapping. */
export interface ScoreJsonlOptions extends Omit<ScoreChunkOptions, 'columns' | 'range'> {
  pairs: readonly ColumnPair[];
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
    featureType: batchFeatureType(model.info.inputType, shadow?.info.inputType),
    pairs: options.pairs,
    chunkIndex: options.chunkIndex,
    batchRows: options.batchRows,
    maxRecordBytes: options.maxRecordBytes,
    range: options.range,
  });
  const shadowed: ShadowModel | undefined = shadow && { model: shadow, agreement: new ShadowAgreement(model.info, shadow.info) };
  const render = renderJsonl(jsonFields(model.info), shadow && shadowJsonFields(shadow.info), { buffer: Buffer.alloc(0) });
  const drain = () => scoreReadyBatches(scorer, model, shadowed, render, sinks);
  await feedSlices(options.input, scorer, drain);
  return chunkCounts(scorer, shadowed);
}

/** Each line with the model's prediction fields (then the shadow's) spliced in, into one reused scratch buffer. */
function renderJsonl(fields: JsonFields, shadowFields: JsonFields | undefined, scratch: JsonRenderScratch): RenderScored {
  return (batch, predictions, shadowed) =>
    renderJsonBatch(
      batch,
      shadowed && shadowFields
        ? [
            { predictions, fields },
            { predictions: shadowed, fields: shadowFields },
          ]
        : [{ predictions, fields }],
      scratch,
    );
}
