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

/** A ranged GET's body and the object's user metadata (x-amz-meta-*, keys as the SDK gives them: lower case, no prefix). */
export interface RangeResponse {
  body: Readable;
  metadata: Record<string, string>;
}

/** Streams bytes [start, end) of the object. An empty range yields an empty stream without a request. */
export async function openRange(object: ObjectVersion, start: number, end: number): Promise<Readable> {
  return (await openRangeResponse(object, start, end)).body;
}

/** The same, with the response's user metadata (none without a request). */
export async function openRangeResponse(object: ObjectVersion, start: number, end: number): Promise<RangeResponse> {
  if (end <= start) return { body: Readable.from([]), metadata: {} };
  try {
    const out = await s3().send(new GetObjectCommand(versionedGet(object, start, end)));
    return { body: out.Body as Readable, metadata: out.Metadata ?? {} };
  } catch (error) {
    if (isAwsError(error, 'PreconditionFailed')) {
      throw new ObjectChangedError(`s3://${object.bucket}/${object.key} was replaced by a newer upload while the job read it`);
    }
    throw error;
  }
}

/** Reads bytes [start, end) into memory, with the response's user metadata: for small reads only (headers). */
export async function readRangeResponse(
  object: ObjectVersion,
  start: number,
  end: number,
): Promise<{ bytes: Buffer; metadata: Record<string, string> }> {
  const { body, metadata } = await openRangeResponse(object, start, end);
  const parts: Buffer[] = [];
  for await (const part of body) parts.push(part as Buffer);
  return { bytes: Buffer.concat(parts), metadata };
}
