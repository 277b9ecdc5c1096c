import type { ChunkResult } from '../jobs/types.ts';

/** A scored chunk's rows (and, with a shadow model, its agreement). */
export type ChunkRows = Pick<ChunkResult, 'rowsIn' | 'rowsScored' | 'rowsRejected' | 'shadow'>;
/** The chunk's two temp objects and their sizes. */
export type ChunkUploads = Pick<ChunkResult, 'scoredKey' | 'scoredBytes' | 'errorsKey' | 'errorsBytes'>;
/** Where the chunk's records sit in the file: what Finalize checks the chunks against and numbers error rows by. */
export type ChunkSpan = Pick<ChunkResult, 'lines' | 'recordsFrom' | 'recordsTo' | 'segment'>;

/** The ScoreChunk step's result, the same for every format; `shadow` only when the job has a shadow model. */
export function chunkResult(index: number, rows: ChunkRows, uploads: ChunkUploads, span: ChunkSpan): ChunkResult {
  return {
    index,
    rowsIn: rows.rowsIn,
    rowsScored: rows.rowsScored,
    rowsRejected: rows.rowsRejected,
    scoredKey: uploads.scoredKey,
    scoredBytes: uploads.scoredBytes,
    errorsKey: uploads.errorsKey,
    errorsBytes: uploads.errorsBytes,
    lines: span.lines,
    recordsFrom: span.recordsFrom,
    recordsTo: span.recordsTo,
    segment: span.segment,
    ...(rows.shadow ? { shadow: rows.shadow } : {}),
  };
}
