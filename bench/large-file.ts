/**
 * The 1 GB peak-memory goal (README, "Measured here"), measured: one large CSV (default 1 GB) through the whole
 * local stack while sampling the resident memory of the stack's process tree (the stack process + every Lambda
 * instance) every 100 ms.
 *   node bench/large-file.ts [--gb 1] [--instances 2] [--isolation process|thread] [--shape rows|unterminated-quotes|one-record] [--keep]
 *     [KEY=VALUE …] (function settings, e.g. DIGEST_MAX_BYTES=0)
 * `--shape` other than `rows` uploads a hostile file of that size instead (csv-generator.ts hostileChunks): it must
 * end with a summary and every record accounted for, within the same memory.
 * The stack runs as its own process, as `npm start` runs it (bench/lib/spawn-stack.ts), so the upload client here
 * never counts: only the stack's tree is sampled.
 * Prints PUT→summary time, rows/s, chunks, and the peak RSS of the tree and of its parts, and the tree's peak PSS
 * (shared pages counted once: RSS sums count the node binary's pages once per process).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable } from 'node:stream';
import { csvByteLength, csvStream, CSV_ROWS, hostileChunks, type HostileShape } from './csv-generator.ts';
import { processTable, spawnStack } from './lib/spawn-stack.ts';
import { environmentPairs } from './options.ts';
import { waitForObject } from './scenarios/aws-reads.ts';

interface Rss {
  total: number;
  parent: number;
  children: number;
  largestChild: number;
  count: number;
  pss: number;
}

/**
 * PSS in MB: pages shared between processes (the node binary and libonnxruntime's mapped pages, ~75 MB per Lambda
 * instance) count once across the tree instead of once per process as in RSS — what the tree really occupies.
 */
function pssOf(pid: number): number {
  try {
    const match = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** RSS in MB of a process and of its descendants, from /proc (Linux); `pss` is the tree's summed PSS. */
function treeRss(root: number): Rss {
  const table = processTable();
  const inTree = (pid: number): boolean => pid === root || (table.has(pid) && pid > 1 && inTree(table.get(pid)!.ppid));
  const rss: Rss = { total: 0, parent: table.get(root)?.rssMb ?? 0, children: 0, largestChild: 0, count: 0, pss: pssOf(root) };
  for (const [pid, { rssMb }] of table) {
    if (pid === root || !inTree(pid)) continue;
    rss.pss += pssOf(pid);
    rss.children += rssMb;
    rss.largestChild = Math.max(rss.largestChild, rssMb);
    rss.count++;
  }
  rss.total = rss.parent + rss.children;
  return rss;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      gb: { type: 'string', default: '1' },
      instances: { type: 'string', default: '2' },
      isolation: { type: 'string', default: 'process' },
      keep: { type: 'boolean', default: false },
      shape: { type: 'string', default: 'rows' },
    },
  });
  const shape = values.shape as 'rows' | HostileShape;
  if (!['rows', 'unterminated-quotes', 'one-record'].includes(shape))
    throw new Error(`--shape rows|unterminated-quotes|one-record, got ${shape}`);
  const instances = Number(values.instances);
  const rowBytes = CSV_ROWS.reduce((s, r) => s + r.length, 0) / CSV_ROWS.length;
  const rows = Math.round((Number(values.gb) * 1e9) / rowBytes);
  const isolation = values.isolation === 'thread' ? 'thread' : 'process';
  const stack = await spawnStack({ instances, isolation, keep: values.keep, environment: environmentPairs(positionals) });
  const { pid, edgeUrl } = stack;
  const s3 = new S3Client({
    endpoint: edgeUrl,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const idle = treeRss(pid);
  // Peaks per phase: the upload (the stack stores 1 GB of parts) and the job (PUT completing → summary).
  const uploadPeak: Rss = { total: 0, parent: 0, children: 0, largestChild: 0, count: 0, pss: 0 };
  const jobPeak: Rss = { ...uploadPeak };
  let peak = uploadPeak;
  const sampler = setInterval(() => {
    const now = treeRss(pid);
    for (const k of Object.keys(peak) as (keyof Rss)[]) peak[k] = Math.max(peak[k], now[k]);
  }, 100);
  try {
    console.log(
      `stack ready at ${edgeUrl} (pid ${pid}, Lambda environments as ${isolation === 'thread' ? 'worker threads' : 'processes'}, idle RSS ${idle.total.toFixed(0)} MB)`,
    );
    const bytes = shape === 'rows' ? csvByteLength(rows) : Math.round(Number(values.gb) * 1e9);
    const body = shape === 'rows' ? csvStream(rows) : Readable.from(hostileChunks(shape, bytes), { objectMode: false });
    console.log(
      `uploading ${shape === 'rows' ? `${rows.toLocaleString()} rows` : shape}, ${(bytes / 1e9).toFixed(2)} GB (streamed, multipart)...`,
    );
    await new Upload({
      client: s3,
      params: { Bucket: 'input', Key: 'large/big.csv', Body: body },
      partSize: 16 * 1024 * 1024,
      queueSize: 2,
    }).done();
    const put = Date.now();
    peak = jobPeak;
    const ms = (await waitForObject(s3, 'output', 'large/big.summary.json', 60 * 60 * 1000, 200)) - put;
    const out = await s3.send(new GetObjectCommand({ Bucket: 'output', Key: 'large/big.summary.json' }));
    const summary = JSON.parse(await out.Body!.transformToString()) as {
      status: string;
      reason?: string;
      rowsIn: number;
      rowsScored: number;
      rowsRejected: number;
      chunks?: number;
    };
    console.log(
      `${summary.status}${summary.reason ? ` (${summary.reason})` : ''}: ${summary.rowsIn.toLocaleString()} rows in, ${summary.rowsScored.toLocaleString()} scored, ${summary.rowsRejected.toLocaleString()} rejected, ${summary.chunks ?? '?'} chunks`,
    );
    console.log(
      `PUT→summary ${(ms / 1000).toFixed(1)} s, ${Math.round(summary.rowsIn / (ms / 1000)).toLocaleString()} rows/s, ${Math.round(bytes / 1e6 / (ms / 1000))} MB/s`,
    );
    for (const [phase, p] of [
      ['upload', uploadPeak],
      ['job', jobPeak],
    ] as const) {
      console.log(
        `peak during the ${phase}: whole stack RSS ${p.total.toFixed(0)} MB, PSS ${p.pss.toFixed(0)} MB (RSS: stack process ${p.parent.toFixed(0)} MB; child processes ${p.children.toFixed(0)} MB together, largest ${p.largestChild.toFixed(0)} MB, up to ${p.count} processes)`,
      );
    }
  } finally {
    clearInterval(sampler);
    s3.destroy();
    await stack.stop();
  }
}

await main();
