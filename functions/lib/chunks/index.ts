export type { PlanOptions, OpenRange, ReadRange, PlanSource, ChunkPlan, ByteRange } from './types.ts';
export type { SegmentScan } from './segment-scan.ts';
export { InvalidPlanOptionsError } from './errors.ts';
export { planChunks, chunkSize } from './plan-chunks.ts';
export { SegmentScanner, stitchBoundaries } from './segment-scan.ts';
export { windowCuts } from './window-cuts.ts';
