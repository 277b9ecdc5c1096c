/**
 * The batch handlers' only door to the CSV layer (`functions/lib/csv`, `functions/lib/chunks`): head inspection,
 * header matching, chunk planning and chunk scoring. Kept in one file so the handlers do not depend on the CSV
 * modules' internals.
 */
import type { Readable } from 'node:stream';
import { config } from '../config.ts';
import { getModel } from '../model/index.ts';
import type { ChunkRef, JobColumns } from '../jobs/types.ts';
import { matchHeader } from '../csv/match-header.ts';
import { parseHeaderRecord } from '../csv/record/header-record.ts';
import { toColumnMapping } from '../csv/column-mapping.ts';
import { scoreChunk, scoreChunkInto } from '../csv/chunk-pipeline.ts';
import type { ChunkCounts, ChunkSinks, ScoreChunkOptions } from '../csv/types.ts';
import { planChunks } from '../chunks/plan-chunks.ts';
import type { PlanSource } from '../chunks/types.ts';

export { inspectHead } from '../csv/inspect-head.ts';

export type ColumnMatch = { ok: true; columns: JobColumns } | { ok: false; reason: string };

export interface PlanRequest {
  size: number;
  targetBytes: number;
  minBytes: number;
  maxChunks: number;
  parallelism: number;
  exact: boolean;
}

export interface ChunkScoring {
  /** Scored CSV text of the chunk (chunk 0 starts with the output header). */
  scored: Readable;
  /** Error rows `line,record,reason` without header. */
  errors: Readable;
  /** Resolves when both streams have ended. */
  done: Promise<ChunkCounts>;
}

/** Header record bytes (terminator excluded, a UTF-8 BOM allowed) → the ColumnMapping the job carries. */
export async function matchColumns(header: Buffer): Promise<ColumnMatch> {
  const parsed = parseHeaderRecord(header);
  if (!parsed.ok) return parsed;
  return matchHeader(parsed.fields, (await getModel()).info.featureNames);
}

/** Chunks of the object starting on record boundaries, presumed or exact (see planChunks). */
export async function planByteRanges(request: PlanRequest, source: PlanSource): Promise<{ chunks: ChunkRef[]; exact: boolean }> {
  return planChunks({ ...request, maxRecordBytes: config().maxRecordBytes }, source);
}

export interface ChunkScoringRequest {
  input: Readable;
  columns: JobColumns;
  chunkIndex: number;
}

/** Scores a chunk into the two sinks (the handler's S3 part uploaders); resolves with the counts. */
export async function scoreCsvChunkInto(request: ChunkScoringRequest, sinks: ChunkSinks): Promise<ChunkCounts> {
  return scoreChunkInto(await scoreOptions(request), sinks);
}

/** The same, with both outputs as readable streams. */
export async function scoreCsvChunk(request: ChunkScoringRequest): Promise<ChunkScoring> {
  return scoreChunk(await scoreOptions(request));
}

async function scoreOptions(request: ChunkScoringRequest): Promise<ScoreChunkOptions> {
  const cfg = config();
  return {
    input: request.input,
    columns: toColumnMapping(request.columns),
    chunkIndex: request.chunkIndex,
    model: await getModel(),
    batchRows: cfg.inferenceBatchRows,
    maxRecordBytes: cfg.maxRecordBytes,
  };
}
