/**
 * What one large download costs the local S3: a spawned stack (as `npm start` runs it) holds one object, and this
 * process downloads it again and again with the AWS SDK, hashing the body as Finalize's SHA-256 read-back does.
 *   node bench/s3-download.ts [--mb 51] [--runs 10] [--multipart]
 * `--multipart` uploads the object in 8 MiB parts (a composite object, as a chunk's scored output is). Prints each
 * download's wall time, this client's CPU and the stack process's CPU, then their medians: the stack's CPU per MB is
 * what the local S3's GET path costs.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { percentile } from './lib/percentiles.ts';
import { spawnStack, stackTreeCpuMs } from './lib/spawn-stack.ts';
import { positiveInt } from './options.ts';

interface Download {
  wallMs: number;
  clientCpuMs: number;
  stackCpuMs: number;
}

const PART_BYTES = 8 * 1024 * 1024;

async function upload(s3: S3Client, body: Buffer, multipart: boolean): Promise<void> {
  const params = { Bucket: 'output', Key: 'download.csv', Body: body };
  if (multipart) await new Upload({ client: s3, params, partSize: PART_BYTES }).done();
  else await s3.send(new PutObjectCommand(params));
}

async function download(s3: S3Client, stackPid: number): Promise<Download> {
  const cpu = process.cpuUsage();
  const stackBefore = stackTreeCpuMs(stackPid).stack;
  const started = performance.now();
  const out = await s3.send(new GetObjectCommand({ Bucket: 'output', Key: 'download.csv' }));
  const hash = createHash('sha256');
  for await (const piece of out.Body as Readable) hash.update(piece as Buffer);
  hash.digest();
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

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { mb: { type: 'string' }, runs: { type: 'string' }, multipart: { type: 'boolean', default: false } },
  });
  const mb = positiveInt('mb', values.mb, 51);
  const runs = positiveInt('runs', values.runs, 10);
  const stack = await spawnStack({ instances: 1 });
  try {
    const s3 = new S3Client({
      endpoint: stack.edgeUrl,
      forcePathStyle: true,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await upload(s3, Buffer.alloc(mb * 1024 * 1024, 'abc,1.2,3.4\n'), values.multipart);
    const downloads: Download[] = [];
    for (let run = 1; run <= runs; run++) {
      const d = await download(s3, stack.pid);
      downloads.push(d);
      console.log(`download ${run}: ${d.wallMs.toFixed(0)} ms, client CPU ${d.clientCpuMs.toFixed(0)} ms, stack CPU ${d.stackCpuMs} ms`);
    }
    const stackMs = median(downloads.map((d) => d.stackCpuMs));
    console.log(
      `median of ${runs} (${mb} MiB, ${values.multipart ? '8 MiB parts' : 'one PUT'}): ${median(downloads.map((d) => d.wallMs)).toFixed(0)} ms, ` +
        `client CPU ${median(downloads.map((d) => d.clientCpuMs)).toFixed(0)} ms, stack CPU ${stackMs} ms (${(stackMs / mb).toFixed(2)} ms/MiB)`,
    );
  } finally {
    await stack.stop();
  }
}

await main();
