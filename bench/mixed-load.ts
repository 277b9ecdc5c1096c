/**
 * Batch and sync at once: N simultaneous 1M-row uploads (default 20) while a client POSTs /predict at a fixed rate
 * (default 50 req/s, open loop: a slow answer does not slow the next request), until every job has its summary.
 *   node bench/mixed-load.ts [--uploads 20] [--rows 1000000] [--rate 50] [--instances 2] [--max-minutes 30]
 * The stack runs as its own process, as `npm start` runs it (bench/lib/spawn-stack.ts). Prints /predict p50/p99, the
 * non-2xx count, and every job's final status. Not a test: it asserts nothing.
 */
import { Agent, request } from 'node:http';
import { parseArgs } from 'node:util';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { csvChunks } from './csv-generator.ts';
import { ascending, percentile } from './lib/percentiles.ts';
import { spawnStack } from './lib/spawn-stack.ts';
import { waitForObject } from './scenarios/aws-reads.ts';
import { deriveOutputKeys } from '../functions/lib/jobs/output-keys.ts';

interface PredictSample {
  ms: number;
  status: number;
}
interface JobOutcome {
  key: string;
  status: string;
  rowsScored: number;
  reason?: string;
  seconds: number;
}

const PREDICT_BODY = Buffer.from(JSON.stringify({ values: [[5.9, 3.0, 5.1, 2.3]] }));

function options(): { uploads: number; rows: number; rate: number; instances: number; maxMinutes: number } {
  const { values } = parseArgs({
    options: {
      uploads: { type: 'string', default: '20' },
      rows: { type: 'string', default: '1000000' },
      rate: { type: 'string', default: '50' },
      instances: { type: 'string', default: '2' },
      'max-minutes': { type: 'string', default: '30' },
    },
  });
  return {
    uploads: Number(values.uploads),
    rows: Number(values.rows),
    rate: Number(values.rate),
    instances: Number(values.instances),
    maxMinutes: Number(values['max-minutes']),
  };
}

/** One POST /predict; status 0 when the connection failed. */
function predict(url: URL, agent: Agent): Promise<PredictSample> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': PREDICT_BODY.length } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ ms: performance.now() - started, status: res.statusCode ?? 0 }));
      },
    );
    req.on('error', () => resolve({ ms: performance.now() - started, status: 0 }));
    req.end(PREDICT_BODY);
  });
}

/** Starts a request every 1000/rate ms until `stop()`; resolves with every answer once the last one is in. */
function predictAtRate(apiUrl: string, rate: number): { stop: () => Promise<PredictSample[]> } {
  const url = new URL('/predict', apiUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const pending: Promise<PredictSample>[] = [];
  const timer = setInterval(() => pending.push(predict(url, agent)), 1000 / rate);
  return {
    stop: async () => {
      clearInterval(timer);
      const samples = await Promise.all(pending);
      agent.destroy();
      return samples;
    },
  };
}

async function runJob(s3: S3Client, key: string, body: Buffer, timeoutMs: number): Promise<JobOutcome> {
  const started = Date.now();
  await s3.send(new PutObjectCommand({ Bucket: 'input', Key: key, Body: body, ContentLength: body.length }));
  const summaryKey = deriveOutputKeys(key).summary;
  try {
    await waitForObject(s3, 'output', summaryKey, timeoutMs, 500);
  } catch {
    return { key, status: 'NO SUMMARY (timed out)', rowsScored: 0, seconds: (Date.now() - started) / 1000 };
  }
  const out = await s3.send(new GetObjectCommand({ Bucket: 'output', Key: summaryKey }));
  const summary = JSON.parse(await out.Body!.transformToString()) as { status: string; rowsScored: number; reason?: string };
  return { key, status: summary.status, rowsScored: summary.rowsScored, reason: summary.reason, seconds: (Date.now() - started) / 1000 };
}

async function main(): Promise<void> {
  const o = options();
  const body = Buffer.concat([...csvChunks(o.rows)]);
  const stack = await spawnStack({ instances: o.instances });
  const s3 = new S3Client({
    endpoint: stack.edgeUrl,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    console.log(
      `stack ready (${o.instances} Lambda instances per function); ${o.uploads} uploads of ${o.rows.toLocaleString()} rows (${(body.length / 1e6).toFixed(1)} MB each), /predict at ${o.rate} req/s`,
    );
    const load = predictAtRate(stack.apiUrl, o.rate);
    const started = Date.now();
    const jobs = await Promise.all(
      Array.from({ length: o.uploads }, (_, i) => runJob(s3, `mixed/upload-${i}.csv`, body, o.maxMinutes * 60_000)),
    );
    const samples = await load.stop();
    const elapsed = (Date.now() - started) / 1000;
    const sorted = ascending(samples.map((s) => s.ms));
    const failed = samples.filter((s) => s.status < 200 || s.status > 299);
    const statuses = Object.entries(Object.groupBy(failed, (s) => String(s.status))).map(([status, list]) => `${status}×${list!.length}`);
    console.log(`\nall ${o.uploads} jobs ended after ${elapsed.toFixed(1)} s`);
    console.log(
      `/predict: ${samples.length} requests, p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms, non-2xx ${failed.length}${statuses.length ? ` (${statuses.join(', ')})` : ''}`,
    );
    for (const job of jobs) {
      console.log(
        `  ${job.key}: ${job.status}, ${job.rowsScored.toLocaleString()} rows scored, ${job.seconds.toFixed(1)} s${job.reason ? ` (${job.reason})` : ''}`,
      );
    }
  } finally {
    s3.destroy();
    await stack.stop();
  }
}

await main();
