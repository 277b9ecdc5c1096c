import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { s3 } from '../aws/clients.ts';
import { chooseAssemblyMethod } from './assembly-method.ts';
import { uploadStream } from './upload-stream.ts';
import type { AssemblyMethod, PartObject } from './types.ts';

export interface AssembleRequest {
  bucket: string;
  /** Final object key; it appears atomically when assembly completes. */
  key: string;
  /** Temp objects (same bucket), in output order. */
  parts: readonly PartObject[];
  contentType: string;
  /** User metadata for the final object (finalize tags outputs with their job id). */
  metadata?: Record<string, string>;
}

/** Concatenates temp objects into one object. Returns the method actually used. */
export async function assembleObject(request: AssembleRequest): Promise<AssemblyMethod> {
  const parts = request.parts.filter((p) => p.bytes > 0);
  const method = chooseAssemblyMethod(parts);
  if (method === 'copy-object') {
    await copyObject(request, parts[0]!);
    return method;
  }
  if (method === 'copy') {
    await copyParts({ ...request, parts });
    return 'copy';
  }
  await uploadStream(request.bucket, request.key, concatenatedBody(request.bucket, parts), request.contentType, request.metadata);
  return 'stream';
}

/** CopyObject is atomic: readers see the previous object or the new one. */
async function copyObject(request: AssembleRequest, part: PartObject): Promise<void> {
  await s3().send(
    new CopyObjectCommand({
      Bucket: request.bucket,
      Key: request.key,
      CopySource: `${request.bucket}/${encodeURIComponent(part.key)}`,
      MetadataDirective: 'REPLACE',
      ContentType: request.contentType,
      Metadata: request.metadata,
    }),
  );
}

async function copyParts(request: AssembleRequest): Promise<void> {
  const { bucket, key } = request;
  const created = await s3().send(
    new CreateMultipartUploadCommand({
      Bucket: bucket,
      Key: key,
      ContentType: request.contentType,
      Metadata: request.metadata,
    }),
  );
  const uploadId = created.UploadId;
  try {
    const etags = await Promise.all(
      request.parts.map(async (part, i) => {
        const out = await s3().send(
          new UploadPartCopyCommand({
            Bucket: bucket,
            Key: key,
            UploadId: uploadId,
            PartNumber: i + 1,
            CopySource: `${bucket}/${encodeURIComponent(part.key)}`,
          }),
        );
        return { PartNumber: i + 1, ETag: out.CopyPartResult?.ETag };
      }),
    );
    await s3().send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: { Parts: etags },
      }),
    );
  } catch (error) {
    // An aborted upload never becomes visible: readers see the previous object or none, never a partial one.
    await s3()
      .send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }))
      .catch(() => undefined);
    throw error;
  }
}

/** One stream over the parts in order; each part is opened only when the previous one is drained. */
function concatenatedBody(bucket: string, parts: readonly PartObject[]): Readable {
  async function* bytes(): AsyncGenerator<Buffer> {
    for (const part of parts) {
      const out = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: part.key }));
      for await (const chunk of out.Body as Readable) yield chunk as Buffer;
    }
  }
  return Readable.from(bytes(), { objectMode: false });
}
