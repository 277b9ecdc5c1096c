import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isAwsError } from '../aws/errors.ts';
import type { JobCounts, JobRecord } from './types.ts';
import { buildStatusUpdate } from './job-updates.ts';
import type { UpdateGuard } from './job-updates.ts';

export type CreateOutcome = 'created' | 'duplicate';

/**
 * Job records in DynamoDB. Only single-item conditional writes (dynalite has no transactions): the create is
 * guarded by `attribute_not_exists(jobId)`, and terminal states are never overwritten by a late writer.
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
      await this.#client.send(new PutCommand({
        TableName: this.#table,
        Item: record,
        ConditionExpression: 'attribute_not_exists(jobId)',
      }));
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

  /** PENDING → RUNNING with the execution ARN; a job already finished (fast workflow) is left alone. */
  async markRunning(jobId: string, executionArn: string, at = new Date()): Promise<void> {
    await this.#update(jobId, { status: 'RUNNING', executionArn, startedAt: at.toISOString(), updatedAt: at.toISOString() }, 'not-finished');
  }

  /** False when the job had already ended (SUCCEEDED by an earlier attempt, or FAILED/SUPERSEDED by someone else). */
  async markSucceeded(jobId: string, counts: JobCounts, at = new Date()): Promise<boolean> {
    return this.#update(jobId, { status: 'SUCCEEDED', ...counts, finishedAt: at.toISOString(), updatedAt: at.toISOString() }, 'not-finished');
  }

  /**
   * FAILED is final and overrides even SUCCEEDED: the workflow's Catch is authoritative (e.g. finalize recorded
   * SUCCEEDED but could not write the summary; mark-failed then removes the outputs and the job did fail).
   */
  async markFailed(jobId: string, reason: string, counts?: Partial<JobCounts>, at = new Date(), guard: UpdateGuard = 'exists'): Promise<boolean> {
    return this.#update(jobId, { status: 'FAILED', reason, ...counts, finishedAt: at.toISOString(), updatedAt: at.toISOString() }, guard);
  }

  /**
   * A newer upload owns the outputs. Normally only an unfinished job becomes SUPERSEDED; MarkFailed passes `exists`
   * because, like FAILED, its word is final (finalize may have recorded SUCCEEDED before failing).
   */
  async markSuperseded(jobId: string, reason: string, at = new Date(), guard: UpdateGuard = 'not-finished'): Promise<void> {
    await this.#update(jobId, { status: 'SUPERSEDED', reason, finishedAt: at.toISOString(), updatedAt: at.toISOString() }, guard);
  }

  /** Whether the update was applied (false: the guard refused it). */
  async #update(jobId: string, set: Record<string, unknown>, guard: UpdateGuard): Promise<boolean> {
    try {
      await this.#client.send(new UpdateCommand({ TableName: this.#table, Key: { jobId }, ...buildStatusUpdate(set, guard) }));
      return true;
    } catch (error) {
      // The condition failing means the job already reached a terminal state (or never existed): by design a no-op.
      if (isAwsError(error, 'ConditionalCheckFailedException')) return false;
      throw error;
    }
  }
}
