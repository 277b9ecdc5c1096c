import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { GetObjectCommandInput } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { s3 } from '../aws/clients.ts';
import { isAwsError } from '../aws/errors.ts';
import { ObjectChangedError } from './errors.ts';
import { rangeHeader } from './range.ts';
import type { ObjectVersion } from './types.ts';

/** Pins the read to the job's object version: VersionId when versioned, else If-Match on the ETag. */
function versionedGet(object: ObjectVersion, start: number, end: number): GetObjectCommandInput {
  const input: GetObjectCommandInput = { Bucket: object.bucket, Key: object.key, Range: rangeHeader(start, end) };
  if (object.versionId) input.VersionId = object.versionId;
  else if (object.etag) input.IfMatch = `"${object.etag}"`;
  return input;
}

/** Streams bytes [start, end) of the object. An empty range yields an empty stream without a request. */
export async function openRange(object: ObjectVersion, start: number, end: number): Promise<Readable> {
  if (end <= start) return Readable.from([]);
  try {
    const out = await s3().send(new GetObjectCommand(versionedGet(object, start, end)));
    return out.Body as Readable;
  } catch (error) {
    if (isAwsError(error, 'PreconditionFailed')) {
      throw new ObjectChangedError(`s3://${object.bucket}/${object.key} was replaced by a newer upload while the job read it`);
    }
    throw error;
  }
}

/** Reads bytes [start, end) into memory: for small reads only (headers, plan probes). */
export async function readRange(object: ObjectVersion, start: number, end: number): Promise<Buffer> {
  const body = await openRange(object, start, end);
  const parts: Buffer[] = [];
  for await (const part of body) parts.push(part as Buffer);
  return Buffer.concat(parts);
}
