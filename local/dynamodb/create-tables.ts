import { CreateTableCommand, DynamoDBClient, ListTablesCommand, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { TableSetupError } from './errors.ts';
import type { TableDefinition } from './types.ts';

/** CreateTable input for a definition; PROVISIONED without figures gets dynalite-acceptable defaults. */
export function createTableInput(table: TableDefinition): CreateTableCommandInput {
  const billingMode = table.BillingMode ?? 'PAY_PER_REQUEST';
  return {
    TableName: table.TableName,
    KeySchema: table.KeySchema,
    AttributeDefinitions: table.AttributeDefinitions,
    BillingMode: billingMode,
    ...(billingMode === 'PROVISIONED' ? { ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } } : {}),
  };
}

async function listAllTables(client: DynamoDBClient): Promise<Set<string>> {
  const names = new Set<string>();
  let start: string | undefined;
  do {
    const page = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
    for (const name of page.TableNames ?? []) names.add(name);
    start = page.LastEvaluatedTableName;
  } while (start);
  return names;
}

/**
 * Creates the missing tables through dynalite's own API (idempotent: existing tables are left alone, even if
 * their definition changed — use `fresh` for that). dynalite has no UpdateTimeToLive: TTL is noted, not applied.
 */
export async function createTables(url: string, tables: TableDefinition[], region: string, log: (line: string) => void): Promise<string[]> {
  const client = new DynamoDBClient({ endpoint: url, region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    const existing = await listAllTables(client);
    const created: string[] = [];
    for (const table of tables) {
      if (existing.has(table.TableName)) continue;
      try {
        await client.send(new CreateTableCommand(createTableInput(table)));
      } catch (error) {
        throw new TableSetupError(table.TableName, error);
      }
      created.push(table.TableName);
      if (table.TimeToLiveSpecification?.Enabled) {
        log(
          `[dynamodb] ${table.TableName}: TTL on '${table.TimeToLiveSpecification.AttributeName}' is not emulated (dynalite lacks UpdateTimeToLive); items never expire locally`,
        );
      }
    }
    return created;
  } finally {
    client.destroy();
  }
}
