export { ParquetInputError } from './errors.ts';
export { MAGIC, TRAILER_BYTES, footerBytes, parseFooter } from './footer.ts';
export { inputColumns, outputSchema, predictionColumnNames, predictionElements, scorableProblem } from './schema.ts';
export type { PredictionKind } from './schema.ts';
export { planRowGroupChunks, rowGroupBytes, rowGroupSpan, rowsBefore, tileFile } from './row-groups.ts';
export type { ByteSpan, RowGroupChunk } from './row-groups.ts';
export { rowGroupsFromJson, rowGroupsToJson } from './metadata-json.ts';
export { decodeColumns, decodeFeatures, loadRowGroup } from './read-row-group.ts';
export { decodeNumberColumn, readHybrid } from './decode-numbers.ts';
export type { NumberColumn } from './decode-numbers.ts';
export type { LoadedRowGroup } from './read-row-group.ts';
export { checkFeatures, errorLines, pickRows, predictRows, toNumberColumn } from './score-row-group.ts';
export { encodePredictions } from './write-predictions.ts';
export type { PredictionValues } from './write-predictions.ts';
export type { CheckedFeatures } from './score-row-group.ts';
export {
  CREATED_BY,
  copyColumnChunks,
  encodeFooter,
  encodeRowGroup,
  joinRowGroup,
  placeRowGroups,
  shiftRowGroup,
} from './write-row-group.ts';
export type { EncodedRowGroup } from './write-row-group.ts';
export { predictionKind, scoreParquetChunk } from './chunk-scoring.ts';
export type { ParquetChunkCounts, ParquetChunkRequest, ParquetChunkSinks } from './chunk-scoring.ts';
