import type { S3EventRecord } from 'aws-lambda';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { s3 } from '../aws/clients.ts';
import { decodeS3EventKey } from '../s3/decode-key.ts';
import { bareEtag, deriveExecutionName, deriveJobId } from '../jobs/job-id.ts';
import { deriveOutputKeys } from '../jobs/output-keys.ts';
import type { JobRecord } from '../jobs/types.ts';

/** The object an S3 notification record is about, decoded and normalised. */
export interface NotifiedObject {
  bucket: string;
  key: string;
  etag: string;
  versionId: string | null;
  size: number;
  /** Orders this version among the key's versions ('' if the sender gave none). */
  sequencer: string;
}

export function notifiedObject(record: S3EventRecord): NotifiedObject {
  const object = record.s3.object;
  return {
    bucket: record.s3.bucket.name,
    key: decodeS3EventKey(object.key),
    etag: bareEtag(object.eTag ?? ''),
    versionId: object.versionId || null,
    size: object.size ?? 0,
    sequencer: object.sequencer ?? '',
  };
}

/** The PENDING job record for an object (throws UnsafeKeyError for keys that cannot be mirrored). */
export function newJobRecord(object: NotifiedObject, now: Date): JobRecord {
  const jobId = deriveJobId(object);
  const at = now.toISOString();
  return {
    jobId,
    bucket: object.bucket,
    key: object.key,
    etag: object.etag,
    versionId: object.versionId,
    size: object.size,
    sequencer: object.sequencer,
    status: 'PENDING',
    executionName: deriveExecutionName(object.key, jobId),
    createdAt: at,
    updatedAt: at,
    outputKeys: deriveOutputKeys(object.key),
  };
}

/** Events normally carry size and ETag; fill them from HeadObject when a sender left them out. */
export async function completeObject(object: NotifiedObject): Promise<NotifiedObject> {
  if (object.etag) return object;
  const head = await s3().send(new HeadObjectCommand({ Bucket: object.bucket, Key: object.key }));
  return { ...object, etag: bareEtag(head.ETag ?? ''), versionId: head.VersionId ?? object.versionId, size: head.ContentLength ?? 0 };
}
