import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { s3 } from '../../aws/clients.ts';
import { startsJob } from '../input-format.ts';
import type { NotifiedObject } from '../../batch/ingest-record.ts';

/**
 * The input bucket's objects the stack's trigger selects, a page at a time. Cost on AWS: one ListObjectsV2 request
 * per 1000 keys of the bucket each run, plus one HeadObject per selected key (`completeObject`: the listing has no
 * version id, and the job id of a versioned bucket's object is derived from it) and one GetItem on the Jobs table.
 */
export async function* triggeringObjects(bucket: string): AsyncGenerator<NotifiedObject> {
  let token: string | undefined;
  do {
    const page = await s3().send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const item of page.Contents ?? []) {
      if (!item.Key || !startsJob(item.Key)) continue;
      // No ETag: `completeObject` reads the version, ETag and size with HeadObject, as for an event that left them out.
      yield { bucket, key: item.Key, etag: '', versionId: null, size: item.Size ?? 0, sequencer: '' };
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
}
