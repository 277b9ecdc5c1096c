/**
 * The 1M-row job beside the hand-built batch pattern it replaces (pandas + scikit-learn: read CSV, predict, write CSV;
 * bench/peers/pandas_batch.py), on the same generated file:
 *   node bench/pandas-peer.ts [--rows 1000000] [--runs 7] [--python /usr/bin/python3] [--instances 2]
 * First the peer on local files, `runs` times: its read + predict + write alone, and the whole process (interpreter,
 * imports, untimed fit). Then one local stack (bench/lib/spawn-stack.ts, as bench/batch-throughput.ts starts it) runs
 * both sides in turn, `runs` rounds after one warm-up of each:
 *   - the peer as an S3-triggered function runs it by hand: boto3 download_file of the input, read, predict, write,
 *     boto3 upload_file of the output (its own bucket, so the service does not see it);
 *   - the service's job: PUT completing → summary written.
 * The two sides alternate (peer first in odd rounds, service first in even ones), each after a short pause, so load
 * from elsewhere on the machine falls on both alike: measured minutes apart, the service's own median moved 558–791
 * ms between runs on an idle guest. Prints each round's ratio, the medians and the median ratio. The peer needs
 * pandas, scikit-learn and boto3 (Debian: python3-pandas python3-sklearn python3-boto3).
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs, promisify } from 'node:util';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { csvByteLength, csvChunks } from './csv-generator.ts';
import { median } from './lib/percentiles.ts';
import { spawnStack } from './lib/spawn-stack.ts';
import { timeToSummary } from './scenarios/aws-reads.ts';

const PEER = join(import.meta.dirname, 'peers', 'pandas_batch.py');
/** A bucket of its own: an object put in the input bucket would start one of the service's jobs. */
const PEER_BUCKET = 'pandas-peer';
const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' };
/** Summary polling interval, as bench/batch-throughput.ts polls. */
const POLL_MS = 20;
/**
 * Pause before each measurement, so the one before's trailing work (the workflow's last transitions and
 * execution-ended handler, the kernel writing files back) does not fall into it.
 */
const SETTLE_MS = 300;

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

/** One round on the shared stack: the peer's S3 pattern and the service's job. */
interface Round {
  peer: PeerRun;
  serviceMs: number;
}

const execPeer = promisify(execFile);

/** Runs pandas_batch.py; async, so the stack's event loop and this one's both stay free while it runs. */
async function runPeer(python: string, args: string[]): Promise<PeerRun> {
  const started = performance.now();
  const { stdout } = await execPeer(python, [PEER, ...args], { encoding: 'utf8', env: { ...process.env, ...CREDENTIALS } });
  const processMs = performance.now() - started;
  return { ...(JSON.parse(stdout) as PeerPhases), processMs };
}

const ms = (value: number): string => `${value.toFixed(0)} ms`;
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** Medians of the peer on local files. */
interface LocalFiles {
  workMs: number;
  processMs: number;
}

/** The peer on local files: its own work alone, with nothing else running. */
async function measureLocalFiles(python: string, input: string, output: string, runs: number): Promise<LocalFiles> {
  const local: PeerRun[] = [];
  for (let run = 0; run < runs; run++) local.push(await runPeer(python, [input, output]));
  const medians = { workMs: median(local.map((r) => r.workMs)), processMs: median(local.map((r) => r.processMs)) };
  console.log(`  local files: read+predict+write ${ms(medians.workMs)}; whole process ${ms(medians.processMs)}`);
  return medians;
}

interface SharedStackSettings {
  python: string;
  body: Buffer;
  runs: number;
  instances: number;
  workdir: string;
}

/** Both sides on one stack, alternating, after their warm-ups. */
async function measureRounds(settings: SharedStackSettings): Promise<Round[]> {
  const { python, body, runs, instances, workdir } = settings;
  const stack = await spawnStack({ instances });
  const s3 = new S3Client({
    endpoint: stack.edgeUrl,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: CREDENTIALS.AWS_ACCESS_KEY_ID, secretAccessKey: CREDENTIALS.AWS_SECRET_ACCESS_KEY },
  });
  try {
    await s3.send(new CreateBucketCommand({ Bucket: PEER_BUCKET }));
    await s3.send(new PutObjectCommand({ Bucket: PEER_BUCKET, Key: 'input.csv', Body: body }));
    const peerArgs = [`s3://${PEER_BUCKET}/input.csv`, `s3://${PEER_BUCKET}/output.csv`, '--endpoint', stack.edgeUrl, '--workdir', workdir];
    const peer = async () => {
      await sleep(SETTLE_MS);
      return runPeer(python, peerArgs);
    };
    const service = async (key: string) => {
      await sleep(SETTLE_MS);
      return (await timeToSummary(s3, key, body, 600_000, POLL_MS)).ms;
    };
    // The first round's job still ran 733–840 ms in each of six runs (the others 548–737 ms), after one warm-up job or
    // two alike: the medians absorb it, and the per-round ratios show it.
    await service('bench/warm-up.csv');
    await peer();
    const rounds: Round[] = [];
    for (let run = 1; run <= runs; run++) {
      const key = `bench/pandas-peer-${run}.csv`;
      let round: Round;
      if (run % 2 === 1) {
        const peerRun = await peer();
        round = { peer: peerRun, serviceMs: await service(key) };
      } else {
        const serviceMs = await service(key);
        round = { serviceMs, peer: await peer() };
      }
      rounds.push(round);
      console.log(
        `  round ${run}: service ${ms(round.serviceMs)}, S3 pattern ${ms(round.peer.totalMs)} (${(round.peer.totalMs / round.serviceMs).toFixed(2)}×)`,
      );
    }
    return rounds;
  } finally {
    s3.destroy();
    await stack.stop();
  }
}

function printRatios(rounds: Round[], local: LocalFiles): void {
  const pattern = median(rounds.map((r) => r.peer.totalMs));
  const service = median(rounds.map((r) => r.serviceMs));
  const phase = (pick: (r: PeerRun) => number) => ms(median(rounds.map((r) => pick(r.peer))));
  console.log(
    `the S3 pattern: download+read+predict+write+upload ${ms(pattern)} (download ${phase((r) => r.downloadMs)}, read+predict+write ${phase((r) => r.workMs)}, upload ${phase((r) => r.uploadMs)}); whole process ${phase((r) => r.processMs)}`,
  );
  console.log(`service, PUT → summary: ${ms(service)}`);
  const ratios = rounds.map((r) => r.peer.totalMs / r.serviceMs);
  console.log(
    `service is ${(pattern / service).toFixed(2)}× the S3 pattern (medians; per round ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}×, median ${median(ratios).toFixed(2)}×), ${(local.workMs / service).toFixed(2)}× its read+predict+write alone, ${(local.processMs / service).toFixed(2)}× its whole local process`,
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '1000000' },
      runs: { type: 'string', default: '7' },
      python: { type: 'string', default: 'python3' },
      instances: { type: 'string', default: '2' },
    },
  });
  const rows = Number(values.rows);
  const runs = Number(values.runs);
  const dir = mkdtempSync(join(tmpdir(), 'pandas-peer-'));
  try {
    execFileSync(values.python, ['-c', 'import pandas, sklearn, boto3']);
    const body = Buffer.concat([...csvChunks(rows)], csvByteLength(rows));
    const input = join(dir, 'input.csv');
    writeFileSync(input, body);
    console.log(`pandas + scikit-learn, ${rows.toLocaleString('en')} rows, medians of ${runs}:`);
    const local = await measureLocalFiles(values.python, input, join(dir, 'output.csv'), runs);
    console.log(`one stack, the S3 pattern and the service's job alternating, ${runs} rounds (load average ${load()}):`);
    const rounds = await measureRounds({ python: values.python, body, runs, instances: Number(values.instances), workdir: dir });
    printRatios(rounds, local);
    console.log(`load average at end: ${load()}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
