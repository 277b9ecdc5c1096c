/**
 * The batch handlers' only door to the CSV layer (`functions/lib/csv`, `functions/lib/chunks`): head inspection,
 * header matching, chunk planning, a chunk's own first record and chunk scoring. Kept in one file so the handlers do not depend on the CSV
 * modules' internals.
 */
import type { Readable } from 'node:stream';
import { pinnedModel } from '../model-store/stored-models.ts';
import type { PinnedModel } from '../model-store/types.ts';
import type { ChunkRef, JobColumns } from '../jobs/types.ts';
import { matchHeader } from '../csv/match-header.ts';
import { parseHeaderRecord } from '../csv/record/header-record.ts';
import { describeColumns, toColumnMapping } from '../csv/column-mapping.ts';
import { explicitColumnPairs } from '../csv/columns-metadata.ts';
import { scoreChunk, scoreChunkInto } from '../csv/chunk-pipeline.ts';
import type { ChunkCounts, ChunkSinks, FeatureColumn, ScoreChunkOptions } from '../csv/types.ts';
import { chunkSize, planChunks } from '../chunks/plan-chunks.ts';
import type { PlanOptions } from '../chunks/types.ts';
import { scoringBasics } from './scoring-request.ts';
import type { ChunkScoringRequest } from './scoring-request.ts';

export { inspectHead } from '../csv/inspect-head.ts';
export { chunkReadEnd, openChunkRecords, recordsRange } from '../chunks/chunk-records.ts';
export { nominalRanges } from '../chunks/plan-chunks.ts';
export { RecordScan } from '../csv/record/record-scan.ts';
export type { FeatureColumn, ShadowCounts } from '../csv/types.ts';

export type ColumnMatch = { ok: true; columns: JobColumns } | { ok: false; reason: string };

/** The planner's options, every one given (the handler always knows its parallelism). */
export type PlanRequest = Required<PlanOptions>;

export interface ChunkScoring {
  /** Scored CSV text of the chunk (chunk 0 starts with the output header). */
  scored: Readable;
  /** Error rows `line,record,reason` without header. */
  errors: Readable;
  /** Resolves when both streams have ended. */
  done: Promise<ChunkCounts>;
}

/**
 * Header record bytes (terminator excluded, a UTF-8 BOM allowed) and the object's user metadata (its explicit
 * `columns` pairs, columns-metadata.ts) → the ColumnMapping the job carries, matched against the job's model's
 * features (`model`: the pinned stored version; absent: the baked-in model).
 */
export async function matchColumns(header: Buffer, metadata: Record<string, string> = {}, model?: PinnedModel): Promise<ColumnMatch> {
  const parsed = parseHeaderRecord(header);
  if (!parsed.ok) return parsed;
  return matchColumnNames(parsed.fields, metadata, model);
}

/** The same from column names already known (a Parquet file's schema): matched as a header's fields are. */
export async function matchColumnNames(
  names: readonly string[],
  metadata: Record<string, string> = {},
  model?: PinnedModel,
): Promise<ColumnMatch> {
  const pairs = explicitColumnPairs(metadata);
  if (!pairs.ok) return pairs;
  return matchHeader(names, (await pinnedModel(model)).info.featureNames, pairs.pairs);
}

/** The summary's `columns`: which column fed which feature, and how (absent for a mapping that does not say). */
export function featureColumns(columns: JobColumns, featureNames: readonly string[]): FeatureColumn[] | undefined {
  return describeColumns(toColumnMapping(columns), featureNames);
}

/** The chunks' nominal ranges and the size they were cut by (planChunks). */
export function planByteRanges(request: PlanRequest): { chunks: ChunkRef[]; chunkBytes: number } {
  return { chunks: planChunks(request), chunkBytes: chunkSize(request) };
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
  const columns = toColumnMapping(request.columns);
  return { ...(await scoringBasics(request)), columns };
}
