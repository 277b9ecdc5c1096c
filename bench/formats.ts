/**
 * The input formats side by side on the local stack: one job of `rows` Iris rows as plain CSV, as `.csv.gz` and as
 * `.jsonl` and as `.parquet`, interleaved in each run so every format sees the same machine state:
 *   npm run bench:formats -- [--rows 1000000] [--runs 3] [--instances 2] [--only csv,csv.gz,jsonl,parquet]
 * Per format: PUT completing → summary written (medians over the runs), rows/s, input and output sizes, and from
 * the job's probe records the Plan step (for `.csv.gz` that is the inflate: its rate in MB/s of inflated text, S3
 * read and write included, gives the largest gzip one Plan can inflate within Lambda's 900 s) and Finalize (with
 * `DIGEST_MAX_BYTES` set for the functions, it also reads both outputs back once for their SHA-256; by default it
 * does not). Also the same work in this process without S3: zlib's inflate rate and SHA-256's rate over the scored
 * output, what that read-back would cost. The stack runs in its own process (bench/lib/spawn-stack.ts).
 * A format is one entry of FORMATS: name, key suffix and a body generator.
 */
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { deriveOutputKeys } from '../functions/lib/jobs/output-keys.ts';
import { CSV_HEADER } from './csv-generator.ts';
import { parquetBody } from './lib/parquet-body.ts';
import { spawnStack } from './lib/spawn-stack.ts';
import { timeToSummary } from './scenarios/aws-reads.ts';
import type { JobSummary } from '../functions/lib/batch/types.ts';

const POLL_MS = 20;
const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
/** Lambda's maximum timeout, the most a Plan can spend inflating. */
const LAMBDA_MAX_SECONDS = 900;

/** One input format of the bench: how its key ends and its bytes for `rows` rows. */
export interface BenchFormat {
  name: string;
  suffix: string;
  body(rows: number): Buffer;
}

const NAMES = CSV_HEADER.trim().split(',');

/**
 * Iris-like values drawn from a fixed-seed generator, one decimal each in the Iris ranges: the same rows for every
 * format, and text that compresses as measurements do (about 3:1 with gzip), not as a repeated cycle of rows would.
 */
function irisValues(rows: number): number[][] {
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const ranges = [
    [4.3, 7.9],
    [2.0, 4.4],
    [1.0, 6.9],
    [0.1, 2.5],
  ];
  return Array.from({ length: rows }, () => ranges.map(([lo, hi]) => Math.round((lo! + next() * (hi! - lo!)) * 10) / 10));
}

function joinLines(rows: number, line: (values: number[]) => string, header = ''): Buffer {
  const pieces: Buffer[] = [];
  let piece = header;
  for (const values of irisValues(rows)) {
    piece += line(values);
    if (piece.length >= 64 * 1024) {
      pieces.push(Buffer.from(piece, 'latin1'));
      piece = '';
    }
  }
  pieces.push(Buffer.from(piece, 'latin1'));
  return Buffer.concat(pieces);
}

const plainCsv = (rows: number): Buffer => joinLines(rows, (v) => `${v.join(',')}\n`, CSV_HEADER);
const jsonLines = (rows: number): Buffer =>
  joinLines(rows, (v) => `${JSON.stringify(Object.fromEntries(NAMES.map((n, i) => [n, v[i]])))}\n`);

/** The same rows as Parquet, as hyparquet-writer writes them: four DOUBLE columns, SNAPPY, DuckDB's 122,880-row groups. */
const PARQUET_ROW_GROUP_ROWS = 122_880;
function parquet(rows: number): Buffer {
  const values = irisValues(rows);
  return parquetBody(NAMES, (f) => Float64Array.from(values, (v) => v[f]!), PARQUET_ROW_GROUP_ROWS);
}

export const FORMATS: BenchFormat[] = [
  { name: 'csv', suffix: '.csv', body: plainCsv },
  { name: 'csv.gz', suffix: '.csv.gz', body: (rows) => gzipSync(plainCsv(rows)) },
  { name: 'jsonl', suffix: '.jsonl', body: jsonLines },
  { name: 'parquet', suffix: '.parquet', body: parquet },
];

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);

interface Measured {
  ms: number;
  summary: JobSummary;
  planMs: number;
  finalizeMs: number;
}

async function timeJob(s3: S3Client, dynamodb: DynamoDBClient, key: string, body: Buffer): Promise<Measured> {
  const { ms, summary } = await timeToSummary(s3, key, body, 900_000, POLL_MS);
  // Finalize's own probe record is written after it returns (with-probe.ts): wait for it.
  let items: Record<string, { S?: string; N?: string }>[] = [];
  for (let tries = 0; tries < 100 && !items.some((i) => i.step?.S === 'finalize'); tries++) {
    if (tries > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    const query = { TableName: 'Probes', KeyConditionExpression: 'runId = :r', ExpressionAttributeValues: { ':r': { S: summary.jobId } } };
    items = ((await dynamodb.send(new QueryCommand(query))).Items ?? []) as typeof items;
  }
  const stepMs = (step: string) =>
    items.filter((i) => i.step?.S === step).reduce((sum, i) => sum + Number(i.endMs?.N) - Number(i.startMs?.N), 0);
  return { ms, summary, planMs: stepMs('plan'), finalizeMs: stepMs('finalize') };
}

/** Median ms of `work` over 3 runs, in this process. */
function timeLocal(work: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  return median(times);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '1000000' },
      runs: { type: 'string', default: '3' },
      instances: { type: 'string', default: '2' },
      only: { type: 'string' },
    },
  });
  const rows = Number(values.rows);
  const runs = Number(values.runs);
  const only = values.only?.split(',');
  const formats = FORMATS.filter((f) => !only || only.includes(f.name));
  const bodies = new Map(formats.map((f) => [f.name, f.body(rows)]));
  const stack = await spawnStack({ instances: Number(values.instances), isolation: 'process' });
  const config = { endpoint: stack.edgeUrl, region: 'us-east-1', credentials: CREDENTIALS };
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  const dynamodb = new DynamoDBClient(config);
  const results = new Map<string, Measured[]>(formats.map((f) => [f.name, []]));
  try {
    const load = () =>
      loadavg()
        .map((l) => l.toFixed(2))
        .join(' ');
    // Warm-up: one job per format, so every instance has loaded the model and every code path ran once.
    // Keys differ by more than their suffix: `a.csv` and `a.csv.gz` share the output stem `a` (and so its summary).
    for (const f of formats) await timeJob(s3, dynamodb, `bench/warm-up-${f.name}${f.suffix}`, bodies.get(f.name)!);
    console.log(`load average at start: ${load()}`);
    for (let run = 1; run <= runs; run++) {
      for (const f of formats) {
        const m = await timeJob(s3, dynamodb, `bench/formats-${run}-${f.name}${f.suffix}`, bodies.get(f.name)!);
        results.get(f.name)!.push(m);
        console.log(
          `run ${run} ${f.name.padEnd(7)} ${m.ms} ms PUT→summary, ${Math.round(rows / (m.ms / 1000)).toLocaleString()} rows/s, plan ${m.planMs} ms, finalize ${m.finalizeMs} ms, ${m.summary.chunks} chunk(s), ${m.summary.status}${m.summary.reason ? ` (${m.summary.reason})` : ''}`,
        );
      }
    }
    console.log(`load average at end: ${load()}\n`);
    console.log(`medians of ${runs} run(s), ${rows.toLocaleString()} rows:`);
    console.log('| format | input MB | scored MB | PUT → summary ms | rows/s | plan ms | finalize ms |');
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    for (const f of formats) {
      const ms = results.get(f.name)!;
      const wall = median(ms.map((m) => m.ms));
      const scored = ms[0]!.summary.files?.scored.bytes ?? 0;
      console.log(
        `| ${f.name} | ${mb(bodies.get(f.name)!.length)} | ${mb(scored)} | ${wall} | ${Math.round(rows / (wall / 1000)).toLocaleString()} | ${median(ms.map((m) => m.planMs))} | ${median(ms.map((m) => m.finalizeMs))} |`,
      );
    }
    const gz = bodies.get('csv.gz');
    if (gz && results.get('csv.gz')!.length > 0) {
      const plain = gunzipSync(gz);
      const planMs = median(results.get('csv.gz')!.map((m) => m.planMs));
      const planRate = plain.length / 1e6 / ((planMs - median(results.get('csv')?.map((m) => m.planMs) ?? [0])) / 1000);
      const zlibMs = timeLocal(() => gunzipSync(gz));
      const ratio = plain.length / gz.length;
      console.log(
        `\ninflate: zlib alone ${(plain.length / 1e6 / (zlibMs / 1000)).toFixed(0)} MB/s of text (${zlibMs.toFixed(0)} ms for ${mb(plain.length)} MB); ` +
          `in Plan, S3 read + inflate + multipart write: ${planRate.toFixed(0)} MB/s of text (Plan ${planMs} ms, less a plain CSV's Plan). ` +
          `At that rate one Plan inflates ${((planRate * LAMBDA_MAX_SECONDS) / 1000).toFixed(0)} GB of text in ${LAMBDA_MAX_SECONDS} s: ` +
          `a gzip of ${((planRate * LAMBDA_MAX_SECONDS) / 1000 / ratio).toFixed(1)} GB at this data's ratio (${ratio.toFixed(1)}:1).`,
      );
    }
    const csv = results.get('csv');
    if (csv && csv.length > 0) {
      // What Finalize adds for the SHA-256: one streamed GET of each output through the hash (object-digest.ts).
      const key = deriveOutputKeys('bench/formats-1-csv.csv').scored;
      const readBack: number[] = [];
      let bytes = 0;
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        const out = await s3.send(new GetObjectCommand({ Bucket: 'output', Key: key }));
        const hash = createHash('sha256');
        bytes = 0;
        for await (const piece of out.Body as AsyncIterable<Buffer>) {
          hash.update(piece);
          bytes += piece.length;
        }
        hash.digest('hex');
        readBack.push(performance.now() - started);
      }
      const whole = Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: 'output', Key: key }))).Body!.transformToByteArray());
      const hashMs = timeLocal(() => createHash('sha256').update(whole).digest('hex'));
      console.log(
        `sha256 of the ${mb(bytes)} MB scored.csv: streamed GET + hash ${median(readBack).toFixed(0)} ms (${(bytes / 1e6 / (median(readBack) / 1000)).toFixed(0)} MB/s), the hash alone ${hashMs.toFixed(0)} ms (${(bytes / 1e6 / (hashMs / 1000)).toFixed(0)} MB/s).`,
      );
    }
  } finally {
    s3.destroy();
    dynamodb.destroy();
    await stack.stop();
  }
}

await main();
