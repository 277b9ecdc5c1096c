import { GetCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../../aws/clients.ts';
import { isAwsError } from '../../aws/errors.ts';
import { config } from '../../config.ts';
import type { JobRecord } from '../types.ts';
import { transitionUpdate } from './transitions.ts';
import type { Transition } from './transitions.ts';

export type CreateOutcome = 'created' | 'duplicate';

/**
 * The DynamoDB adapter of job records: it applies the transitions of `transitions.ts` and decides nothing itself.
 * Only single-item conditional writes (dynalite has no transactions): the create is guarded by
 * `attribute_not_exists(jobId)`, and every transition by its guard.
 */
export class JobStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, table: string) {
    this.#client = client;
    this.#table = table;
  }

  /** Creates the record unless one with this jobId exists (a duplicate event). */
  async create(record: JobRecord): Promise<CreateOutcome> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: record,
          ConditionExpression: 'attribute_not_exists(jobId)',
        }),
      );
      return 'created';
    } catch (error) {
      if (isAwsError(error, 'ConditionalCheckFailedException')) return 'duplicate';
      throw error;
    }
  }

  async get(jobId: string): Promise<JobRecord | undefined> {
    const out = await this.#client.send(new GetCommand({ TableName: this.#table, Key: { jobId }, ConsistentRead: true }));
    return out.Item as JobRecord | undefined;
  }

  /** Whether the transition was applied (false: its guard refused — the job already ended, or never existed). */
  async apply(jobId: string, transition: Transition): Promise<boolean> {
    try {
      await this.#client.send(new UpdateCommand({ TableName: this.#table, Key: { jobId }, ...transitionUpdate(transition) }));
      return true;
    } catch (error) {
      if (isAwsError(error, 'ConditionalCheckFailedException')) return false;
      throw error;
    }
  }

  /**
   * Applies the transition and answers the record as it then is: from the update itself (`ALL_NEW`) when applied,
   * else from a consistent read (its guard refused it: the job ended otherwise). One request on the usual path.
   */
  async applyAndGet(jobId: string, transition: Transition): Promise<JobRecord | undefined> {
    try {
      const out = await this.#client.send(
        new UpdateCommand({ TableName: this.#table, Key: { jobId }, ...transitionUpdate(transition), ReturnValues: 'ALL_NEW' }),
      );
      return out.Attributes as JobRecord | undefined;
    } catch (error) {
      if (isAwsError(error, 'ConditionalCheckFailedException')) return this.get(jobId);
      throw error;
    }
  }

  /**
   * Every PENDING or RUNNING job, a page at a time. A Scan reads (and bills) the whole table whatever the filter;
   * the owner records of `OutputOwners` that share the table have no status, so the filter leaves them out.
   */
  async *unfinished(): AsyncGenerator<JobRecord> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.#client.send(
        new ScanCommand({
          TableName: this.#table,
          FilterExpression: '#s IN (:pending, :running)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':pending': 'PENDING', ':running': 'RUNNING' },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) yield item as JobRecord;
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
  }
}

/** The store of the service's Jobs table. */
export function jobStore(): JobStore {
  return new JobStore(dynamo(), config().jobsTable);
}
