import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { deriveJobId } from '../../functions/lib/jobs/job-id.ts';
import type { JobView } from '../../functions/lib/jobs/job-view.ts';
import type { JobsTarget } from './jobs-target.ts';

/** Parts of 8 MiB, 4 at once: lib-storage's defaults are 5 MiB parts. */
const PART_BYTES = 8 * 1024 * 1024;
const PARTS_AT_ONCE = 4;

export interface Submitted {
  jobId: string;
  key: string;
  bytes: number;
}

/**
 * Uploads `file` to the input bucket under `key` (multipart past one part), with `model` as the object's `model`
 * metadata (the reference ingest pins the job to), and returns the job id its ObjectCreated event gets.
 */
export async function uploadInput(
  target: Pick<JobsTarget, 's3' | 'inputBucket'>,
  input: { file: string; key: string; model?: string },
  onProgress: (loaded: number, total: number | undefined) => void = () => {},
): Promise<Submitted> {
  const { size } = await stat(input.file);
  const upload = new Upload({
    client: target.s3,
    queueSize: PARTS_AT_ONCE,
    partSize: PART_BYTES,
    params: {
      Bucket: target.inputBucket,
      Key: input.key,
      Body: createReadStream(input.file),
      ContentLength: size,
      ContentType: 'text/csv',
      ...(input.model ? { Metadata: { model: input.model } } : {}),
    },
  });
  upload.on('httpUploadProgress', (p) => onProgress(p.loaded ?? 0, p.total ?? size));
  const out = await upload.done();
  const object = { bucket: target.inputBucket, key: input.key, etag: out.ETag ?? '', versionId: out.VersionId || null };
  return { jobId: deriveJobId(object), key: input.key, bytes: size };
}

/** The job of the input object's current version (the id ingest derives from its bucket, key and version or ETag). */
export async function jobIdOfKey(target: Pick<JobsTarget, 's3' | 'inputBucket'>, key: string): Promise<string> {
  try {
    const head = await target.s3.send(new HeadObjectCommand({ Bucket: target.inputBucket, Key: key }));
    return deriveJobId({ bucket: target.inputBucket, key, etag: head.ETag ?? '', versionId: head.VersionId || null });
  } catch (error) {
    if ((error as { name?: string }).name === 'NotFound') throw new Error(`no object s3://${target.inputBucket}/${key}`);
    throw error;
  }
}

/** Downloads the job's scored, errors and summary objects into `dir` under their own names; returns the paths written. */
export async function downloadOutputs(s3: S3Client, view: JobView, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const { bucket, scored, errors, summary } = view.outputs;
  // The record says SUCCEEDED (or FAILED) a moment before Finalize writes the summary, the job's last object: wait
  // for it, so the outputs read are the finished ones.
  if (view.status === 'SUCCEEDED' || view.status === 'FAILED') await waitForObject(s3, bucket, summary, SUMMARY_WAIT_MS);
  const written: string[] = [];
  for (const key of [scored, errors, summary]) {
    const path = join(dir, basename(key));
    if (await download(s3, bucket, key, path)) written.push(path);
  }
  return written;
}

/** How long the summary may follow the record's terminal status (one Finalize step: milliseconds, seconds at most). */
const SUMMARY_WAIT_MS = 60_000;

/** Resolves once the object exists; throws after `timeoutMs`. */
async function waitForObject(s3: S3Client, bucket: string, key: string, timeoutMs: number): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; ; ) {
    try {
      await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return;
    } catch (error) {
      if ((error as { name?: string }).name !== 'NotFound') throw error;
      if (Date.now() > deadline) throw new Error(`s3://${bucket}/${key} did not appear within ${timeoutMs / 1000} s of the job's end`);
      await sleep(100);
    }
  }
}

/** False when the object does not exist (a FAILED job writes only its summary). */
async function download(s3: S3Client, bucket: string, key: string, path: string): Promise<boolean> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    await pipeline(object.Body as Readable, createWriteStream(path));
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey') return false;
    throw error;
  }
}
