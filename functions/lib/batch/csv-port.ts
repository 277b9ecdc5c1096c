/**
 * The batch handlers' only door to the CSV layer (`functions/lib/csv`, `functions/lib/chunks`): header matching,
 * chunk planning and chunk scoring. Kept in one file so the handlers do not depend on the CSV modules' internals.
 *
 * NOT WIRED YET: the CSV modules did not exist when this was written. Wiring (the only edits needed):
 * - matchColumns: `(await getModel()).info.featureNames` + csv/match-header.ts → `{ok:true, columns: ColumnMapping}`
 *   or `{ok:false, reason}` (strip a UTF-8 BOM from `header` if the matcher does not).
 * - planByteRanges: `planChunks(request, readRange)` from chunks/plan-chunks.ts (returns ChunkRef[]).
 * - scoreCsvChunk: csv's streaming chunk scorer with getModel(), config().inferenceBatchRows / maxRecordBytes;
 *   chunk 0 emits the output header; error rows `line,record,reason` without header; report `lines` (newlines in
 *   the chunk) when line numbers are chunk-relative, else set ERROR_LINES_ARE_CHUNK_RELATIVE = false.
 */
import type { Readable } from 'node:stream';
import type { ChunkRef, JobColumns } from '../jobs/types.ts';

export type ColumnMatch = { ok: true; columns: JobColumns } | { ok: false; reason: string };

export interface PlanRequest { size: number; targetBytes: number; minBytes: number; maxChunks: number }

export interface ChunkScoring {
  /** Scored CSV text of the chunk (chunk 0 starts with the output header). */
  scored: Readable;
  /** Error rows `line,record,reason` without header. */
  errors: Readable;
  /** Resolves when both streams have ended. */
  done: Promise<{ rowsIn: number; rowsScored: number; rowsRejected: number; lines?: number }>;
}

/** Whether the scorer writes chunk-relative line numbers (finalize then adds each chunk's line offset). */
export const ERROR_LINES_ARE_CHUNK_RELATIVE = true;

export async function matchColumns(header: Buffer): Promise<ColumnMatch> {
  void header;
  throw new Error('CSV header matching not wired yet');
}

export async function planByteRanges(
  request: PlanRequest,
  readRange: (start: number, end: number) => Promise<Buffer>,
): Promise<ChunkRef[]> {
  void request; void readRange;
  throw new Error('chunk planning not wired yet');
}

export async function scoreCsvChunk(request: { input: Readable; columns: JobColumns; chunkIndex: number }): Promise<ChunkScoring> {
  void request;
  throw new Error('chunk scoring not wired yet');
}
