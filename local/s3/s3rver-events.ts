import type { MultipartCompletions } from './MultipartCompletions.ts';
import type { FilesystemStoreLike, S3rverRawEvent } from './s3rver-module.ts';
import type { ObjectCreated, ObjectCreatedEventName } from './types.ts';

/** s3rver's event names → AWS's. s3rver says `Post` for multipart completions too; the front tells them apart. */
function awsEventName(rawName: string, completing: boolean): ObjectCreatedEventName | undefined {
  switch (rawName) {
    case 'ObjectCreated:Put':
      return 'ObjectCreated:Put';
    case 'ObjectCreated:Copy':
      return 'ObjectCreated:Copy';
    case 'ObjectCreated:Post':
      return completing ? 'ObjectCreated:CompleteMultipartUpload' : 'ObjectCreated:Post';
    default:
      return undefined; // ObjectRemoved:* is not emulated
  }
}

/** What an s3rver event says about the created object, with the gaps (Copy has no eTag) filled from the store. */
export async function toObjectCreated(
  raw: S3rverRawEvent,
  completions: MultipartCompletions,
  store: FilesystemStoreLike,
): Promise<ObjectCreated | undefined> {
  const record = raw.Records[0];
  if (!record) return undefined;
  const bucket = record.s3.bucket.name;
  const key = record.s3.object.key;
  const eventName = awsEventName(record.eventName, completions.isCompleting(bucket, key));
  if (!eventName) return undefined;
  let { size, eTag } = record.s3.object;
  if (size === undefined || eTag === undefined) {
    const metadata = await store.getMetadata(bucket, key);
    size ??= Number(metadata['content-length']);
    eTag ??= String(metadata.etag).replace(/"/g, '');
  }
  return { bucket, key, size: Number(size), eTag, eventName, sourceIp: normaliseIp(record.requestParameters.sourceIPAddress) };
}

function normaliseIp(ip: string): string {
  return ip.replace(/^::ffff:/, '');
}
