export { startDynamoDB, DEFAULT_DYNAMODB_DATA_DIR } from './start-dynamodb.ts';
export { createTables, createTableInput } from './create-tables.ts';
export { TableSetupError } from './errors.ts';
export type { DynamoDBService, DynamoDBServiceOptions, TableDefinition } from './types.ts';
