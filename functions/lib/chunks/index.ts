export type { PlanOptions, ReadRange, ByteRange } from './types.ts';
export { InvalidPlanOptionsError } from './errors.ts';
export { planChunks } from './plan-chunks.ts';
export { windowBoundary, scanBoundaries } from './boundary-scan.ts';
