import { DescribeExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { ScanCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { JobRow } from './types.ts';

const UNFINISHED = { ':pending': 'PENDING', ':running': 'RUNNING' };

/** Every job record still PENDING or RUNNING (a full scan: the local table is small). */
export async function unfinishedJobs(db: DynamoDBDocumentClient, table: string): Promise<JobRow[]> {
  const rows: JobRow[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new ScanCommand({
      TableName: table,
      FilterExpression: '#s IN (:pending, :running)',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: UNFINISHED,
      ExclusiveStartKey: startKey,
    }));
    rows.push(...((page.Items ?? []) as JobRow[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return rows;
}

/**
 * Whether the job's workflow is still alive on this Step Functions endpoint. Executions live in memory, so after a
 * restart every execution of the previous run is unknown; a PENDING job without one never got its workflow started.
 */
export async function workflowAlive(sfn: SFNClient, job: JobRow): Promise<boolean> {
  if (!job.executionArn) return false;
  try {
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn: job.executionArn }));
    return execution.status === 'RUNNING';
  } catch (error) {
    if ((error as { name?: string }).name === 'ExecutionDoesNotExist') return false;
    throw error;
  }
}

/**
 * Puts an interrupted job back to PENDING without an execution ARN: exactly the state on-object-created re-drives
 * when the object's event arrives again (it then starts the workflow under the same deterministic name). Guarded so
 * a job that reached a terminal state in the meantime is left alone. Returns false when the guard refused.
 */
export async function resetToPending(db: DynamoDBDocumentClient, table: string, jobId: string, at = new Date()): Promise<boolean> {
  try {
    await db.send(new UpdateCommand({
      TableName: table,
      Key: { jobId },
      UpdateExpression: 'SET #s = :pending, updatedAt = :at, recoveredAt = :at REMOVE executionArn, startedAt',
      ConditionExpression: '#s IN (:pending, :running)',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ...UNFINISHED, ':at': at.toISOString() },
    }));
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}
