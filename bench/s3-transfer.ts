/**
 * What large transfers cost the local S3: a spawned stack (as `npm start` runs it) takes uploads and serves downloads
 * of one object, again and again, from this process through the AWS SDK.
 *   node bench/s3-transfer.ts [--mb 51] [--runs 10] [--multipart]
 * With `--multipart` an upload is what a chunk's scored output is, 8 MiB UploadParts (with the SDK's CRC32), else one
 * PutObject. Downloads hash the body as Finalize's SHA-256 read-back does; with
 * `--multipart` the object downloaded is the composite the multipart upload made. Prints each transfer's wall time,
 * this client's CPU and the stack process's CPU, then their medians: the stack's CPU per MiB is what the local S3's
 * PUT and GET paths cost.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { percentile } from './lib/percentiles.ts';
import { spawnStack, stackTreeCpuMs } from './lib/spawn-stack.ts';
import { positiveInt } from './options.ts';

interface Transfer {
  wallMs: number;
  clientCpuMs: number;
  stackCpuMs: number;
}

const PART_BYTES = 8 * 1024 * 1024;
const TARGET = { Bucket: 'output', Key: 'transfer.csv' };

async function upload(s3: S3Client, body: Buffer, multipart: boolean): Promise<void> {
  if (!multipart) {
    await s3.send(new PutObjectCommand({ ...TARGET, Body: body }));
    return;
  }
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand(TARGET));
  const parts = [];
  for (let start = 0, PartNumber = 1; start < body.length; start += PART_BYTES, PartNumber++) {
    const Body = body.subarray(start, start + PART_BYTES);
    const { ETag } = await s3.send(new UploadPartCommand({ ...TARGET, UploadId, PartNumber, Body }));
    parts.push({ ETag, PartNumber });
  }
  await s3.send(new CompleteMultipartUploadCommand({ ...TARGET, UploadId, MultipartUpload: { Parts: parts } }));
}

async function download(s3: S3Client): Promise<void> {
  const out = await s3.send(new GetObjectCommand(TARGET));
  const hash = createHash('sha256');
  for await (const piece of out.Body as Readable) hash.update(piece as Buffer);
  hash.digest();
}

async function measure(stackPid: number, transfer: () => Promise<void>): Promise<Transfer> {
  const cpu = process.cpuUsage();
  const stackBefore = stackTreeCpuMs(stackPid).stack;
  const started = performance.now();
  await transfer();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { wallMs, clientCpuMs: (used.user + used.system) / 1000, stackCpuMs: stackTreeCpuMs(stackPid).stack - stackBefore };
}

const median = (values: number[]): number =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
    'linear',
  );

async function series(name: string, runs: number, mb: number, run: () => Promise<Transfer>): Promise<void> {
  const transfers: Transfer[] = [];
  for (let i = 1; i <= runs; i++) {
    const t = await run();
    transfers.push(t);
    console.log(`${name} ${i}: ${t.wallMs.toFixed(0)} ms, client CPU ${t.clientCpuMs.toFixed(0)} ms, stack CPU ${t.stackCpuMs} ms`);
  }
  const stackMs = median(transfers.map((t) => t.stackCpuMs));
  console.log(
    `${name}, median of ${runs}: ${median(transfers.map((t) => t.wallMs)).toFixed(0)} ms, ` +
      `client CPU ${median(transfers.map((t) => t.clientCpuMs)).toFixed(0)} ms, stack CPU ${stackMs} ms (${(stackMs / mb).toFixed(2)} ms/MiB)`,
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { mb: { type: 'string' }, runs: { type: 'string' }, multipart: { type: 'boolean', default: false } },
  });
  const mb = positiveInt('mb', values.mb, 51);
  const runs = positiveInt('runs', values.runs, 10);
  const multipart = values.multipart;
  const stack = await spawnStack({ instances: 1 });
  const s3 = new S3Client({
    endpoint: stack.edgeUrl,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const body = Buffer.alloc(mb * 1024 * 1024, 'abc,1.2,3.4\n');
    const layout = multipart ? '8 MiB parts' : 'one PutObject';
    await series(`upload (${mb} MiB, ${layout})`, runs, mb, () => measure(stack.pid, () => upload(s3, body, multipart)));
    await series(`download (${mb} MiB, ${layout})`, runs, mb, () => measure(stack.pid, () => download(s3)));
  } finally {
    s3.destroy();
    await stack.stop();
  }
}

await main();
