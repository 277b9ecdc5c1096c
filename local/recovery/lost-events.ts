import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
// The job id is part of the contract between S3 events and the Jobs table (docs/architecture.md): derived, not copied.
import { bareEtag, deriveJobId } from '../../functions/lib/jobs/job-id.ts';
import { findMatchingRule, type NotificationRule, type ObjectCreated } from '../s3/index.ts';

/** Objects S3 would have notified about (a rule selects them) that have no job record: their event was lost. */
export async function objectsWithoutJob(
  s3: S3Client, db: DynamoDBDocumentClient, table: string, rules: NotificationRule[],
): Promise<ObjectCreated[]> {
  const lost: ObjectCreated[] = [];
  for (const bucket of new Set(rules.map((rule) => rule.bucket))) {
    for (const object of await listObjects(s3, bucket)) {
      if (!findMatchingRule(rules, bucket, object.key, 'ObjectCreated:Put')) continue;
      const jobId = deriveJobId({ bucket, key: object.key, etag: object.eTag, versionId: null });
      const found = await db.send(new GetCommand({ TableName: table, Key: { jobId }, ProjectionExpression: 'jobId', ConsistentRead: true }));
      if (found.Item === undefined) lost.push(object);
    }
  }
  return lost;
}

async function listObjects(s3: S3Client, bucket: string): Promise<ObjectCreated[]> {
  const objects: ObjectCreated[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const item of page.Contents ?? []) {
      objects.push({
        bucket, key: item.Key ?? '', size: item.Size ?? 0, eTag: bareEtag(item.ETag ?? ''),
        eventName: 'ObjectCreated:Put', sourceIp: '127.0.0.1',
      });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return objects;
}
