import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { jobProgress } from '../../functions/lib/jobs/progress-view.ts';
import type { JobRecord } from '../../functions/lib/jobs/types.ts';
import type { JobsTarget } from './jobs-target.ts';

/**
 * The newest `limit` jobs, read from the Jobs table with the SDK: the API has no list route (`GET /jobs/{id}` only).
 * A Scan reads the whole table; the key owner records that share it have no status, so the filter leaves them out.
 */
export async function listJobs(target: Pick<JobsTarget, 'dynamo' | 'jobsTable'>, limit: number): Promise<JobRecord[]> {
  const jobs: JobRecord[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await target.dynamo.send(
      new ScanCommand({
        TableName: target.jobsTable,
        FilterExpression: 'attribute_exists(#s)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExclusiveStartKey: startKey,
      }),
    );
    jobs.push(...((page.Items ?? []) as JobRecord[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return jobs.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, limit);
}

/** `<jobId>  SUCCEEDED   100%  2026-12-02T10:00:00.000Z  demo/x.csv`. */
export function jobListLine(job: JobRecord, now: Date): string {
  const { percent } = jobProgress(job, now);
  const shown = percent === null ? '-' : `${percent}%`;
  return `${job.jobId}  ${job.status.padEnd(10)}  ${shown.padStart(6)}  ${job.createdAt}  ${job.key}`;
}
