export { JsonlScorer } from './JsonlScorer.ts';
export type { JsonlScorerOptions } from './JsonlScorer.ts';
export { FeatureKeys } from './feature-keys.ts';
export { jsonFields, renderJsonBatch } from './render.ts';
export { scoreJsonlChunkInto } from './chunk-pipeline.ts';
export type { ScoreJsonlOptions } from './chunk-pipeline.ts';
export { isKeyMapping } from './types.ts';
export type { KeyMapping } from './types.ts';
