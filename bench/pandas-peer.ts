/**
 * The 1M-row job beside the hand-built batch pattern it replaces (pandas + scikit-learn: read CSV, predict, write CSV;
 * bench/peers/pandas_batch.py), on the same generated file:
 *   node bench/pandas-peer.ts [--rows 1000000] [--runs 5] [--python /usr/bin/python3] [--ours-ms <median>]
 * Runs the peer two ways, each `runs` times:
 *   - on local files: its read + predict + write alone (and the whole process: interpreter, imports, untimed fit);
 *   - as an S3-triggered function runs it by hand, against a local stack (bench/lib/spawn-stack.ts):
 *     boto3 download_file of the input, read, predict, write, boto3 upload_file of the output.
 * Then the service's median PUT → summary from bench/batch-throughput.ts (run here unless `--ours-ms` gives it) and
 * the ratios. The peer needs pandas, scikit-learn and boto3 (Debian: python3-pandas python3-sklearn python3-boto3).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { csvByteLength, csvChunks } from './csv-generator.ts';
import { median } from './lib/percentiles.ts';
import { spawnStack } from './lib/spawn-stack.ts';

const PEER = join(import.meta.dirname, 'peers', 'pandas_batch.py');
/** A bucket of its own: an object put in the input bucket would start one of the service's jobs. */
const PEER_BUCKET = 'pandas-peer';
const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' };

/** One run's phases, ms, as pandas_batch.py prints them (download and upload are 0 on local files). */
interface PeerPhases {
  downloadMs: number;
  workMs: number;
  uploadMs: number;
  totalMs: number;
}

interface PeerRun extends PeerPhases {
  processMs: number;
}

function runPeer(python: string, args: string[]): PeerRun {
  const started = performance.now();
  const stdout = execFileSync(python, [PEER, ...args], { encoding: 'utf8', env: { ...process.env, ...CREDENTIALS } });
  const processMs = performance.now() - started;
  return { ...(JSON.parse(stdout) as PeerPhases), processMs };
}

/** The service's median from bench/batch-throughput.ts's "median of N: X ms" line. */
function ourMedianMs(rows: number, runs: number): number {
  const script = join(import.meta.dirname, 'batch-throughput.ts');
  const stdout = execFileSync(process.execPath, [script, '--rows', String(rows), '--runs', String(runs)], { encoding: 'utf8' });
  const match = /median of \d+: (\d+) ms/.exec(stdout);
  if (!match) throw new Error(`bench/batch-throughput.ts printed no median:\n${stdout}`);
  return Number(match[1]);
}

/** The S3 pattern through a local stack's S3: the input put once, then `runs` download → score → upload runs. */
async function runPeerOverS3(python: string, body: Buffer, runs: number, workdir: string): Promise<PeerRun[]> {
  const stack = await spawnStack({ instances: 1 });
  const s3 = new S3Client({
    endpoint: stack.edgeUrl,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: CREDENTIALS.AWS_ACCESS_KEY_ID, secretAccessKey: CREDENTIALS.AWS_SECRET_ACCESS_KEY },
  });
  try {
    await s3.send(new CreateBucketCommand({ Bucket: PEER_BUCKET }));
    await s3.send(new PutObjectCommand({ Bucket: PEER_BUCKET, Key: 'input.csv', Body: body }));
    const args = [`s3://${PEER_BUCKET}/input.csv`, `s3://${PEER_BUCKET}/output.csv`, '--endpoint', stack.edgeUrl, '--workdir', workdir];
    return Array.from({ length: runs }, () => runPeer(python, args));
  } finally {
    s3.destroy();
    await stack.stop();
  }
}

const ms = (value: number): string => `${value.toFixed(0)} ms`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '1000000' },
      runs: { type: 'string', default: '5' },
      python: { type: 'string', default: 'python3' },
      'ours-ms': { type: 'string' },
    },
  });
  const rows = Number(values.rows);
  const runs = Number(values.runs);
  const dir = mkdtempSync(join(tmpdir(), 'pandas-peer-'));
  try {
    const body = Buffer.concat([...csvChunks(rows)], csvByteLength(rows));
    const input = join(dir, 'input.csv');
    writeFileSync(input, body);
    const local = Array.from({ length: runs }, () => runPeer(values.python, [input, join(dir, 'output.csv')]));
    const work = median(local.map((r) => r.workMs));
    const process = median(local.map((r) => r.processMs));
    console.log(`pandas + scikit-learn, ${rows.toLocaleString('en')} rows, medians of ${runs}:`);
    console.log(`  local files: read+predict+write ${ms(work)}; whole process ${ms(process)}`);
    const remote = await runPeerOverS3(values.python, body, runs, dir);
    const pattern = median(remote.map((r) => r.totalMs));
    console.log(
      `  the S3 pattern: download+read+predict+write+upload ${ms(pattern)} (download ${ms(median(remote.map((r) => r.downloadMs)))}, read+predict+write ${ms(median(remote.map((r) => r.workMs)))}, upload ${ms(median(remote.map((r) => r.uploadMs)))}); whole process ${ms(median(remote.map((r) => r.processMs)))}`,
    );
    const ours = values['ours-ms'] === undefined ? ourMedianMs(rows, runs) : Number(values['ours-ms']);
    console.log(`service, PUT → summary (median): ${ours} ms`);
    console.log(
      `service is ${(pattern / ours).toFixed(2)}× the S3 pattern, ${(work / ours).toFixed(2)}× its read+predict+write alone, ${(process / ours).toFixed(2)}× its whole local process`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
