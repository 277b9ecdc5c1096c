export type { PlanOptions, ByteRange, ChunkSpan } from './types.ts';
export type { SegmentScan } from './segment-scan.ts';
export type { ChunkRecords, ChunkRangeScan } from './chunk-records.ts';
export type { ChunkSettlement, MisplacedChunk, Settled } from './settle-chunks.ts';
export { InvalidPlanOptionsError } from './errors.ts';
export { planChunks, chunkSize, nominalRanges } from './plan-chunks.ts';
export { SegmentScanner, stitchBoundaries } from './segment-scan.ts';
export { chunkReadEnd, openChunkRecords, recordsRange } from './chunk-records.ts';
export { settleChunks, exactStarts } from './settle-chunks.ts';
