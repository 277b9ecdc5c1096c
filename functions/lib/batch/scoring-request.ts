import type { Readable } from 'node:stream';
import { config } from '../config.ts';
import { pinnedModel } from '../model-store/stored-models.ts';
import type { PinnedModel } from '../model-store/types.ts';
import type { JobColumns } from '../jobs/types.ts';
import type { ScoreChunkOptions } from '../csv/types.ts';
import type { RecordSplitterOptions } from '../csv/record/RecordSplitter.ts';

/** A chunk to score, in any text format: its records' bytes and what the job pinned. */
export interface ChunkScoringRequest {
  input: Readable | AsyncIterable<Uint8Array>;
  columns: JobColumns;
  chunkIndex: number;
  /** The job's pinned stored model; absent: the baked-in model. */
  model?: PinnedModel;
  /** The job's pinned shadow model (job-model.ts), scoring the same rows beside the model; absent: none. */
  shadow?: PinnedModel;
  /** Where the input sits in the file (its first line, where its records stop); default: a whole file. */
  range?: RecordSplitterOptions;
}

/** Every format's scoring options but its column mapping: the loaded models and the function's batch limits. */
export type ScoringBasics = Omit<ScoreChunkOptions, 'columns'>;

export async function scoringBasics(request: ChunkScoringRequest): Promise<ScoringBasics> {
  const cfg = config();
  return {
    input: request.input,
    chunkIndex: request.chunkIndex,
    model: await pinnedModel(request.model),
    ...(request.shadow ? { shadow: await pinnedModel(request.shadow) } : {}),
    batchRows: cfg.inferenceBatchRows,
    maxRecordBytes: cfg.maxRecordBytes,
    range: request.range,
  };
}
