import { matchColumnNames } from '../../batch/csv-port.ts';
import type { ColumnMatch } from '../../batch/csv-port.ts';
import { pinnedModel } from '../../model-store/stored-models.ts';
import type { PinnedModel } from '../../model-store/types.ts';
import type { ObjectVersion } from '../../s3/types.ts';
import { ParquetInputError } from '../errors.ts';
import { inputColumns, scorableProblem } from '../schema.ts';
import { predictionKind } from '../chunk-scoring.ts';
import { readParquetFooter } from './read-parquet-object.ts';

/** What ingest learns from a Parquet object's footer: its user metadata, and how its columns feed a model. */
export interface ParquetHead {
  metadata: Record<string, string>;
  matchColumns(model: PinnedModel | undefined, shadow: PinnedModel | undefined): Promise<ColumnMatch>;
}

/**
 * Reads the footer (the file's schema, never its rows). Throws ParquetInputError when the object is not Parquet.
 * Columns match the model's features by name as a CSV header's do (any order, x-amz-meta-columns pairs honoured);
 * a feature column must be a number column, and no input column may carry a name the output adds.
 */
export async function readParquetHead(object: ObjectVersion, size: number): Promise<ParquetHead> {
  const { metadata: footer, userMetadata } = await readParquetFooter(object, size);
  return {
    metadata: userMetadata,
    async matchColumns(model, shadow) {
      if (shadow)
        return {
          ok: false,
          reason: 'a shadow model (x-amz-meta-shadow) is not supported for Parquet inputs; upload a CSV to compare models',
        };
      let names: string[];
      try {
        names = inputColumns(footer).map((c) => c.name);
      } catch (error) {
        if (error instanceof ParquetInputError) return { ok: false, reason: error.message };
        throw error;
      }
      const matched = await matchColumnNames(names, userMetadata, model);
      if (!matched.ok) return matched;
      const loaded = await pinnedModel(model);
      const { featureColumns } = matched.columns as { featureColumns: number[] };
      const problem = scorableProblem(footer, featureColumns, loaded.info.featureNames, predictionKind(loaded));
      return problem ? { ok: false, reason: problem } : matched;
    },
  };
}
