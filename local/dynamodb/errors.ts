/** A table definition dynalite refused at start. */
export class TableSetupError extends Error {
  readonly tableName: string;

  constructor(tableName: string, cause: unknown) {
    super(`Could not create table ${tableName}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'TableSetupError';
    this.tableName = tableName;
  }
}
