/** The object is not a Parquet file this service can read (bad magic, a corrupt footer, a schema it cannot score). */
export class ParquetInputError extends Error {
  override name = 'ParquetInputError';
}
