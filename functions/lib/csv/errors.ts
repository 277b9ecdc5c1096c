/** A `columns` value in a job payload that is not a ColumnMapping (a wiring bug, never user input). */
export class InvalidColumnMappingError extends Error {
  override name = 'InvalidColumnMappingError';
}

/** The model does not fit the mapping (feature count changed between ingest and scoring). */
export class ModelMismatchError extends Error {
  override name = 'ModelMismatchError';
}
