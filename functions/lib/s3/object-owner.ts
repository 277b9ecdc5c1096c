import { DeleteObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { s3 } from '../aws/clients.ts';
import { isAwsError } from '../aws/errors.ts';

/** User-metadata key (S3 lowercases it, sent as `x-amz-meta-job-id`) naming the job that wrote an output object. */
export const JOB_ID_METADATA = 'job-id';

/**
 * Deletes `key` only if THIS job wrote it: a failed re-upload job must not remove the previous job's good output,
 * and a failed job must leave no output of its own behind.
 */
async function deleteIfWrittenBy(bucket: string, key: string, jobId: string): Promise<boolean> {
  try {
    const head = await s3().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    if (head.Metadata?.[JOB_ID_METADATA] !== jobId) return false;
  } catch (error) {
    if (isAwsError(error, 'NotFound', 'NoSuchKey')) return false;
    throw error;
  }
  await s3().send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  return true;
}

/** The job's scored.csv and errors.csv, each deleted only if this job wrote it (see deleteIfWrittenBy). */
export async function deleteOutputsWrittenBy(bucket: string, outputKeys: { scored: string; errors: string }, jobId: string): Promise<void> {
  await deleteIfWrittenBy(bucket, outputKeys.scored, jobId);
  await deleteIfWrittenBy(bucket, outputKeys.errors, jobId);
}
