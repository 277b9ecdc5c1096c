import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { s3 } from '../aws/clients.ts';
import { PartUploader } from './PartUploader.ts';

/**
 * Uploads a stream with bounded memory through a PartUploader: one PutObject for small bodies, a multipart upload
 * (8 MiB parts, one in flight) for big ones. Either way the object appears at once, when the upload completes;
 * a failing body leaves nothing behind. Returns the bytes uploaded.
 */
export async function uploadStream(
  bucket: string,
  key: string,
  body: Readable,
  contentType: string,
  metadata?: Record<string, string>,
): Promise<number> {
  const uploader = new PartUploader({ client: s3(), bucket, key, contentType, metadata });
  try {
    for await (const chunk of body) await uploader.write(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  } catch (error) {
    await uploader.abort();
    throw error;
  }
  return uploader.end();
}

async function putBody(bucket: string, key: string, body: string | Buffer, contentType: string): Promise<void> {
  await s3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
}

/** Puts `value` as JSON; indented for people by default, `indent` 0 for machine-read files (manifests). */
export async function putJson(bucket: string, key: string, value: unknown, indent = 2): Promise<void> {
  await putBody(bucket, key, `${JSON.stringify(value, null, indent)}\n`, 'application/json');
}
