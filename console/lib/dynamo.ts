import type { ConsoleConfig } from './config.ts';
import { signer, signedFetch } from './sign.ts';

/** DynamoDB's JSON protocol over signed fetch: the two reads the console makes (Scan the jobs, Query a job's probes). */
export type AttributeValue = {
  S?: string;
  N?: string;
  BOOL?: boolean;
  NULL?: boolean;
  M?: Record<string, AttributeValue>;
  L?: AttributeValue[];
};
export type Item = Record<string, AttributeValue>;

export function unmarshall(item: Item): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).map(([name, value]) => [name, fromAttribute(value)]));
}

function fromAttribute(value: AttributeValue): unknown {
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return Number(value.N);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.M !== undefined) return unmarshall(value.M);
  if (value.L !== undefined) return value.L.map(fromAttribute);
  return null;
}

export async function dynamoCall<T>(config: ConsoleConfig, operation: string, input: unknown): Promise<T> {
  const response = await signedFetch(signer(config, 'dynamodb'), {
    method: 'POST',
    url: new URL(`${config.edgeUrl}/`),
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDB_20120810.${operation}` },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as T & { message?: string; __type?: string };
  if (!response.ok) throw new Error(`DynamoDB ${operation}: ${body.__type ?? response.status} ${body.message ?? ''}`.trim());
  return body;
}

/** Every item of a table matching a filter, page by page. */
export function scanAll(config: ConsoleConfig, input: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  return pageAll(config, 'Scan', input);
}

/** Every item a query matches, page by page. */
export function queryAll(config: ConsoleConfig, input: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  return pageAll(config, 'Query', input);
}

/** A paginated read (Scan or Query) followed through LastEvaluatedKey to its end, items unmarshalled. */
async function pageAll(
  config: ConsoleConfig,
  operation: 'Scan' | 'Query',
  input: Record<string, unknown>,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Item | undefined;
  do {
    const page = await dynamoCall<{ Items?: Item[]; LastEvaluatedKey?: Item }>(config, operation, {
      ...input,
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    });
    items.push(...(page.Items ?? []).map(unmarshall));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return items;
}
