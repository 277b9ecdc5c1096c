/**
 * `.parquet` beside plain CSV, end to end on the local stack (PUT completing → summary written), the same rows in
 * the same run:
 *   node bench/parquet-throughput.ts [--rows 1000000] [--runs 3] [--instances 2] [--row-group-rows 122880] [--steps] [ENV=VALUE ...]
 * The rows are bench/csv-generator.ts's (four features, one decimal), once as CSV and once as Parquet written by
 * hyparquet-writer: four DOUBLE columns, SNAPPY, `--row-group-rows` rows per row group (122,880: DuckDB's default;
 * a pandas/pyarrow file of 1M rows is usually one row group, scored by one chunk). One warm-up job of each, then
 * `runs` rounds of one CSV job and one Parquet job, alternating which goes first. Prints each job (wall time, rows/s,
 * the stack's CPU time, chunks), then medians and the load average. The stack runs in its own process
 * (bench/lib/spawn-stack.ts); ENV=VALUE pairs go into the function's environment.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { CSV_ROWS, csvByteLength, csvChunks } from './csv-generator.ts';
import { parquetBody } from './lib/parquet-body.ts';
import { spawnStack, stackTreeCpuMs } from './lib/spawn-stack.ts';
import { timeToSummary } from './scenarios/aws-reads.ts';
import type { SummaryTiming } from './scenarios/aws-reads.ts';
import { environmentPairs } from './options.ts';

const POLL_MS = 20;
const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
const FEATURES = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** The generator's rows as a Parquet file: one Float64Array per feature. */
function generatedParquet(rows: number, rowGroupRows: number): Buffer {
  const cycle = CSV_ROWS.map((line) => line.trim().split(',').map(Number));
  return parquetBody(FEATURES, (f) => Float64Array.from({ length: rows }, (_, i) => cycle[i % cycle.length]![f]!), rowGroupRows);
}

/** The job's probe records: when each step started after the PUT, and how long it took. */
async function printSteps(dynamodb: DynamoDBClient, jobId: string, put: number): Promise<void> {
  const out = await dynamodb.send(
    new QueryCommand({ TableName: 'Probes', KeyConditionExpression: 'runId = :r', ExpressionAttributeValues: { ':r': { S: jobId } } }),
  );
  const items = (out.Items ?? []).sort((a, b) => Number(a.startMs?.N) - Number(b.startMs?.N));
  for (const item of items) {
    const chunk = item.chunk?.N === undefined ? '' : ` ${item.chunk.N}`;
    console.log(`  ${item.step?.S}${chunk}: +${Number(item.startMs?.N) - put} ms, ${Number(item.endMs?.N) - Number(item.startMs?.N)} ms`);
  }
}

function timeJob(s3: S3Client, key: string, body: Buffer): Promise<SummaryTiming> {
  return timeToSummary(s3, key, body, 600_000, POLL_MS);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      rows: { type: 'string', default: '1000000' },
      runs: { type: 'string', default: '3' },
      instances: { type: 'string', default: '2' },
      'row-group-rows': { type: 'string', default: '122880' },
      steps: { type: 'boolean', default: false },
    },
  });
  const rows = Number(values.rows);
  const runs = Number(values.runs);
  const environment = environmentPairs(positionals);
  const bodies = {
    csv: Buffer.concat([...csvChunks(rows)], csvByteLength(rows)),
    parquet: generatedParquet(rows, Number(values['row-group-rows'])),
  };
  const stack = await spawnStack({ instances: Number(values.instances), isolation: 'process', environment });
  const aws = { endpoint: stack.edgeUrl, region: 'us-east-1', credentials: CREDENTIALS };
  const s3 = new S3Client({ ...aws, forcePathStyle: true });
  const dynamodb = new DynamoDBClient(aws);
  const walls: Record<'csv' | 'parquet', number[]> = { csv: [], parquet: [] };
  const cpus: Record<'csv' | 'parquet', number[]> = { csv: [], parquet: [] };
  try {
    // Distinct stems: x.csv and x.parquet would share x.summary.json.
    await timeJob(s3, 'bench/warm-up-csv.csv', bodies.csv);
    await timeJob(s3, 'bench/warm-up-parquet.parquet', bodies.parquet);
    console.log(`load average at start: ${load()}`);
    for (let run = 1; run <= runs; run++) {
      const order: ('csv' | 'parquet')[] = run % 2 === 1 ? ['csv', 'parquet'] : ['parquet', 'csv'];
      for (const format of order) {
        const before = stackTreeCpuMs(stack.pid);
        const job = await timeJob(s3, `bench/run-${run}-${format}.${format}`, bodies[format]);
        const after = stackTreeCpuMs(stack.pid);
        const cpu = after.stack - before.stack + after.instances - before.instances;
        if (job.summary.status !== 'SUCCEEDED' || job.summary.rowsScored !== rows) {
          throw new Error(`${format} run ${run}: ${job.summary.status} ${job.summary.reason ?? ''}, ${job.summary.rowsScored} rows scored`);
        }
        walls[format].push(job.ms);
        cpus[format].push(cpu);
        console.log(
          `run ${run} ${format.padEnd(7)}: ${rows.toLocaleString()} rows (${(bodies[format].length / 1e6).toFixed(1)} MB) ${job.ms} ms PUT→summary, ${Math.round(rows / (job.ms / 1000)).toLocaleString()} rows/s, CPU ${cpu} ms, ${job.summary.chunks} chunk(s)`,
        );
        if (values.steps) await printSteps(dynamodb, job.summary.jobId, job.put);
      }
    }
    for (const format of ['csv', 'parquet'] as const) {
      const wall = median(walls[format]);
      console.log(
        `median ${format.padEnd(7)} of ${runs}: ${wall} ms, ${Math.round(rows / (wall / 1000)).toLocaleString()} rows/s, CPU ${Math.round(median(cpus[format]))} ms`,
      );
    }
    console.log(`load average at end: ${load()}`);
  } finally {
    s3.destroy();
    dynamodb.destroy();
    await stack.stop();
  }
}

await main();
