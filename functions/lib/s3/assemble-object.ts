import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import type { CompletedPart } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { s3 } from '../aws/clients.ts';
import { mapAtMost } from '../map-at-most.ts';
import { assemblyMethod, planAssembly, wholeSegment } from './assembly-plan.ts';
import type { PlannedPart, Segment } from './assembly-plan.ts';
import { OUTPUT_CHECKSUM } from './output-checksum.ts';
import { PARTS_IN_FLIGHT } from './limits.ts';
import { rangeHeader } from './range.ts';
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

/** Concatenates temp objects into one object, as planAssembly plans it. Returns the method used. */
export async function assembleObject(request: AssembleRequest): Promise<AssemblyMethod> {
  const plan = planAssembly(request.parts);
  if (plan.kind === 'copy-object') await copyObject(request, plan.source);
  else if (plan.kind === 'multipart') await uploadParts(request, plan.parts);
  else {
    const body = concatenated(request.bucket, plan.sources.map(wholeSegment));
    await uploadStream(request.bucket, request.key, body, request.contentType, request.metadata);
  }
  return assemblyMethod(plan);
}

/** CopyObject is atomic: readers see the previous object or the new one. */
async function copyObject(request: AssembleRequest, part: PartObject): Promise<void> {
  await s3().send(
    new CopyObjectCommand({
      Bucket: request.bucket,
      Key: request.key,
      CopySource: copySource(request.bucket, part),
      ChecksumAlgorithm: OUTPUT_CHECKSUM.ChecksumAlgorithm,
      MetadataDirective: 'REPLACE',
      ContentType: request.contentType,
      Metadata: request.metadata,
    }),
  );
}

/** One multipart upload, PARTS_IN_FLIGHT parts at a time; on any failure it is aborted once no part is in flight. */
async function uploadParts(request: AssembleRequest, parts: readonly PlannedPart[]): Promise<void> {
  const target = { Bucket: request.bucket, Key: request.key };
  const created = await s3().send(
    new CreateMultipartUploadCommand({ ...target, ...OUTPUT_CHECKSUM, ContentType: request.contentType, Metadata: request.metadata }),
  );
  const uploadId = created.UploadId;
  try {
    // Part numbers run from 1 without gaps, as S3 requires of an upload with checksums.
    const completed = await mapAtMost(PARTS_IN_FLIGHT, parts, (part, i) => sendPart({ ...target, UploadId: uploadId }, i + 1, part));
    await s3().send(
      new CompleteMultipartUploadCommand({
        ...target,
        UploadId: uploadId,
        ChecksumType: OUTPUT_CHECKSUM.ChecksumType,
        MultipartUpload: { Parts: completed },
      }),
    );
  } catch (error) {
    // An aborted upload never becomes visible: readers see the previous object or none, never a partial one.
    await s3()
      .send(new AbortMultipartUploadCommand({ ...target, UploadId: uploadId }))
      .catch(() => undefined);
    throw error;
  }
}

type StreamPart = Extract<PlannedPart, { kind: 'stream' }>;
type UploadTarget = { Bucket: string; Key: string; UploadId: string | undefined };

/** A copy part is an UploadPartCopy (with CopySourceRange for a slice); a stream part an UploadPart of its segments. */
async function sendPart(target: UploadTarget, partNumber: number, part: PlannedPart): Promise<CompletedPart> {
  if (part.kind === 'copy') {
    const { segment } = part;
    const out = await s3().send(
      new UploadPartCopyCommand({
        ...target,
        PartNumber: partNumber,
        CopySource: copySource(target.Bucket, segment.source),
        CopySourceRange: rangeOf(segment),
      }),
    );
    return { PartNumber: partNumber, ETag: out.CopyPartResult?.ETag, ChecksumCRC32: out.CopyPartResult?.ChecksumCRC32 };
  }
  const out = await uploadStreamedPart(target, partNumber, part);
  return { PartNumber: partNumber, ETag: out.ETag, ChecksumCRC32: out.ChecksumCRC32 };
}

/**
 * The SDK's request body streams do not pass a failing source read on to the request (the error would surface as an
 * uncaught exception, the request left waiting for its declared length): the body ends instead, the request is
 * cancelled, and the read's error is what the part throws.
 */
async function uploadStreamedPart(
  target: UploadTarget,
  partNumber: number,
  part: StreamPart,
): Promise<{ ETag?: string; ChecksumCRC32?: string }> {
  const cancel = new AbortController();
  let readError: unknown;
  async function* bytesOrCancel(): AsyncGenerator<Buffer> {
    try {
      yield* segmentBytes(target.Bucket, part.segments);
    } catch (error) {
      readError = error;
      cancel.abort();
    }
  }
  try {
    const body = Readable.from(bytesOrCancel(), { objectMode: false });
    const command = new UploadPartCommand({
      ...target,
      PartNumber: partNumber,
      Body: body,
      ContentLength: part.bytes,
      ChecksumAlgorithm: OUTPUT_CHECKSUM.ChecksumAlgorithm,
    });
    return await s3().send(command, { abortSignal: cancel.signal });
  } catch (error) {
    throw readError ?? error;
  }
}

/** The `bytes=first-last` range of a segment, none for a whole object (the request then is as for any object). */
function rangeOf(segment: Segment): string | undefined {
  const whole = segment.start === 0 && segment.bytes === segment.source.bytes;
  return whole ? undefined : rangeHeader(segment.start, segment.start + segment.bytes);
}

function copySource(bucket: string, source: PartObject): string {
  return `${bucket}/${encodeURIComponent(source.key)}`;
}

/** One stream over the segments in order (see segmentBytes). */
function concatenated(bucket: string, segments: readonly Segment[]): Readable {
  return Readable.from(segmentBytes(bucket, segments), { objectMode: false });
}

/**
 * The segments' bytes in order; each is opened only when the previous one is drained. A segment that yields other
 * than its planned size throws: a part's length is declared up front.
 */
async function* segmentBytes(bucket: string, segments: readonly Segment[]): AsyncGenerator<Buffer> {
  for (const segment of segments) {
    const { source, start, bytes } = segment;
    const out = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: source.key, Range: rangeOf(segment) }));
    let read = 0;
    for await (const chunk of out.Body as Readable) {
      read += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
    if (read !== bytes) throw new Error(`read ${read} bytes of s3://${bucket}/${source.key} from ${start}, expected ${bytes}`);
  }
}
