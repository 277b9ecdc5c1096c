import { Upload } from '@aws-sdk/lib-storage';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { Transform } from 'node:stream';
import type { Readable } from 'node:stream';
import { s3 } from '../aws/clients.ts';

/** Counts the bytes flowing through, so callers learn the uploaded size without buffering. */
function byteCounter(): Transform & { bytes: number } {
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      counter.bytes += chunk.length;
      done(null, chunk);
    },
  }) as Transform & { bytes: number };
  counter.bytes = 0;
  return counter;
}

/**
 * Uploads a stream with bounded memory: lib-storage sends one PutObject for small bodies and a multipart upload
 * (5 MiB parts, a few in flight) for big ones. Either way the object appears at once, when the upload completes.
 */
export async function uploadStream(
  bucket: string,
  key: string,
  body: Readable,
  contentType: string,
  metadata?: Record<string, string>,
): Promise<number> {
  const counter = byteCounter();
  body.on('error', (error) => counter.destroy(error));
  const upload = new Upload({
    client: s3(),
    params: { Bucket: bucket, Key: key, Body: body.pipe(counter), ContentType: contentType, Metadata: metadata },
    queueSize: 2,
    leavePartsOnError: false,
  });
  await upload.done();
  return counter.bytes;
}

export async function putBody(bucket: string, key: string, body: string | Buffer, contentType: string): Promise<void> {
  await s3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
}

export async function putJson(bucket: string, key: string, value: unknown): Promise<void> {
  await putBody(bucket, key, `${JSON.stringify(value, null, 2)}\n`, 'application/json');
}
