export type {
  ColumnMapping,
  FeatureColumn,
  MatchKind,
  HeaderMatch,
  ChunkCounts,
  ScoreChunkOptions,
  ChunkOutput,
  ByteSink,
  ChunkSinks,
} from './types.ts';
export { InvalidColumnMappingError, ModelMismatchError } from './errors.ts';
export * from './record/index.ts';
export { inspectHead, looksBinary, looksGzip } from './inspect-head.ts';
export type { HeadInspection } from './inspect-head.ts';
export { matchHeader, MAX_CARRIED_NAME_CHARS } from './match-header.ts';
export { matchNames } from './match-names.ts';
export { foldCase, normaliseName } from './header-names.ts';
export { COLUMNS_METADATA, parseColumnsMetadata, resolveColumnPairs, formatColumnPair } from './columns-metadata.ts';
export type { ColumnPair } from './columns-metadata.ts';
export { toColumnMapping, describeColumns } from './column-mapping.ts';
export { scoreChunk, scoreChunkInto } from './chunk-pipeline.ts';
export { ChunkScorer } from './ChunkScorer.ts';
export type { ChunkScorerOptions } from './ChunkScorer.ts';
export { parseNumberBytes, parseNumberText, isPlainNumber, numberProblem } from './number-field.ts';
export { isFormulaTrigger, needsNeutralising, neutraliseCell } from './neutralise.ts';
export { csvLine, outputHeaderSuffix, classPrefixes, formatProbability, writeProbability } from './output-format.ts';
