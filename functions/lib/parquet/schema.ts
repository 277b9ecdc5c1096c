import type { FileMetaData, SchemaElement } from 'hyparquet';
import { ParquetInputError } from './errors.ts';

/** What decides the columns a scored row gains (as the CSV output's): the model's kind and a classifier's classes. */
export type PredictionKind = { kind: 'classifier'; classNames: readonly string[] } | { kind: 'regressor' };

/** Physical types a feature column may have: numbers the float32 model input takes (DECIMALs read as numbers). */
const NUMERIC_TYPES = new Set(['INT32', 'INT64', 'FLOAT', 'DOUBLE']);

/**
 * The file's columns: the schema root's children, each a leaf (a flat table, as pandas, Spark and DuckDB write for
 * tabular data). A nested column (a group, a list, a map) is refused: its values do not map to one cell per row.
 */
export function inputColumns(metadata: FileMetaData): SchemaElement[] {
  const [root, ...rest] = metadata.schema;
  if (!root) throw new ParquetInputError('corrupt Parquet footer: the schema is empty');
  const nested = rest.find((e) => (e.num_children ?? 0) > 0 || e.repetition_type === 'REPEATED');
  if (nested) throw new ParquetInputError(`column "${nested.name}" is nested (a group or repeated field); only flat columns can be scored`);
  if (rest.length !== (root.num_children ?? 0))
    throw new ParquetInputError('corrupt Parquet footer: the schema root does not list its columns');
  return rest;
}

/** The columns a model adds, in order: as the CSV output's (functions/lib/csv/output-format.ts), typed. */
export function predictionColumnNames(kind: PredictionKind): string[] {
  if (kind.kind === 'regressor') return ['prediction'];
  return ['prediction', 'label', ...kind.classNames.map((c) => `probability_${c}`)];
}

/**
 * The scored file's added columns: a classifier's `prediction` (INT32 class index), `label` (STRING) and one FLOAT
 * `probability_<class>` per class (the model's float32 as it is, not rounded as CSV prints it); a regressor's
 * `prediction` (DOUBLE). All REQUIRED: a scored row always has them.
 */
export function predictionElements(kind: PredictionKind): SchemaElement[] {
  if (kind.kind === 'regressor') return [{ name: 'prediction', type: 'DOUBLE', repetition_type: 'REQUIRED' }];
  return [
    { name: 'prediction', type: 'INT32', repetition_type: 'REQUIRED' },
    { name: 'label', type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' }, repetition_type: 'REQUIRED' },
    ...kind.classNames.map((c): SchemaElement => ({ name: `probability_${c}`, type: 'FLOAT', repetition_type: 'REQUIRED' })),
  ];
}

/** The scored file's schema: the input's columns as they were, then the prediction columns. */
export function outputSchema(metadata: FileMetaData, kind: PredictionKind): SchemaElement[] {
  const columns = inputColumns(metadata);
  const added = predictionElements(kind);
  const root = { ...metadata.schema[0]!, num_children: columns.length + added.length };
  return [root, ...columns, ...added];
}

/**
 * Why the file cannot be scored with these feature columns (`featureColumns[f]`: the column index of feature f),
 * or undefined: a feature column that is not numeric (a string column is refused here, not row by row), or an input
 * column with the name of a column the output adds.
 */
export function scorableProblem(
  metadata: FileMetaData,
  featureColumns: readonly number[],
  featureNames: readonly string[],
  kind: PredictionKind,
): string | undefined {
  const columns = inputColumns(metadata);
  for (let f = 0; f < featureColumns.length; f++) {
    const column = columns[featureColumns[f]!]!;
    if (!NUMERIC_TYPES.has(column.type ?? '')) {
      return `feature ${featureNames[f]}'s column "${column.name}" is ${describeType(column)}, not a number column (INT32, INT64, FLOAT or DOUBLE)`;
    }
  }
  const added = new Set(predictionColumnNames(kind));
  const clash = columns.find((c) => added.has(c.name));
  if (clash) return `the file has a column "${clash.name}", which the scored output adds; rename it`;
  return undefined;
}

function describeType(column: SchemaElement): string {
  const logical = column.logical_type?.type ?? column.converted_type;
  return logical ? `${column.type} (${logical})` : String(column.type);
}
