/**
 * The batch goals of README's "Measured here" table (few-row and 1M-row CSV, PUT → summary) on the local stack,
 * measured the same way each time:
 *   node bench/batch-throughput.ts [--rows 1000000] [--runs 5] [--instances 2] [--isolation process|thread] [--steps] [ENV=VALUE ...]
 * The stack runs as `npm start` does, in its own process (bench/lib/spawn-stack.ts), so this client's uploads and
 * polling never run on the stack's event loop. One warm-up job of `rows` rows (every instance warm), then `runs` jobs
 * of `rows` four-feature rows (PUT completing → summary written), then `runs` one-row jobs. Prints each run, then
 * medians: wall time, rows/s, and the CPU time the stack's process tree spent (the stack process plus every Lambda
 * instance): CPU time barely moves with the machine's load, wall time does (2 shared cores), so compare changes by
 * CPU time and read rows/s on a quiet machine. ENV=VALUE pairs go into the function's environment
 * (e.g. CHUNK_TARGET_BYTES=8388608).
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { deriveOutputKeys } from '../functions/lib/jobs/output-keys.ts';
import { csvByteLength, csvChunks } from './csv-generator.ts';
import { spawnStack, stackTreeCpuMs, stackTreeFaults } from './lib/spawn-stack.ts';
import { waitForObject } from './scenarios/aws-reads.ts';

/** Summary polling interval: short, so the figure is the job's time rather than the poll's (a HEAD is ~0.3 ms of the stack's CPU). */
const POLL_MS = 20;
const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
const SMALL = 'sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n';

const kilo = (count: number): string => `${(count / 1000).toFixed(1)}k`;
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

interface Clients {
  s3: S3Client;
  dynamodb: DynamoDBClient;
}

/** PUT, then the time from the PUT completing to the summary. */
async function timeJob(
  clients: Clients,
  key: string,
  body: Buffer | string,
): Promise<{ ms: number; summary: { jobId: string; status: string; chunks: number }; put: number }> {
  await clients.s3.send(new PutObjectCommand({ Bucket: 'input', Key: key, Body: body }));
  const put = Date.now();
  const summaryKey = deriveOutputKeys(key).summary;
  const seen = await waitForObject(clients.s3, 'output', summaryKey, 600_000, POLL_MS);
  const out = await clients.s3.send(new GetObjectCommand({ Bucket: 'output', Key: summaryKey }));
  const summary = JSON.parse(await out.Body!.transformToString()) as { jobId: string; status: string; chunks: number };
  return { ms: seen - put, summary, put };
}

/** The job's probe records: when each step started after the PUT, and how long it took. */
async function printSteps(dynamodb: DynamoDBClient, jobId: string, put: number): Promise<void> {
  const out = await dynamodb.send(
    new QueryCommand({ TableName: 'Probes', KeyConditionExpression: 'runId = :r', ExpressionAttributeValues: { ':r': { S: jobId } } }),
  );
  const items = (out.Items ?? []).sort((a, b) => Number(a.startMs?.N) - Number(b.startMs?.N));
  for (const item of items) {
    console.log(
      `  ${item.step?.S}${item.chunk?.N === undefined ? '' : ` ${item.chunk.N}`}: +${Number(item.startMs?.N) - put} ms, ${Number(item.endMs?.N) - Number(item.startMs?.N)} ms`,
    );
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      rows: { type: 'string', default: '1000000' },
      runs: { type: 'string', default: '5' },
      instances: { type: 'string', default: '2' },
      isolation: { type: 'string', default: 'process' },
      steps: { type: 'boolean', default: false },
    },
  });
  const rows = Number(values.rows);
  const runs = Number(values.runs);
  const environment = Object.fromEntries(positionals.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
  const body = Buffer.concat([...csvChunks(rows)], csvByteLength(rows));
  const stack = await spawnStack({
    instances: Number(values.instances),
    isolation: values.isolation === 'thread' ? 'thread' : 'process',
    environment,
  });
  const config = { endpoint: stack.edgeUrl, region: 'us-east-1', credentials: CREDENTIALS };
  const clients: Clients = { s3: new S3Client({ ...config, forcePathStyle: true }), dynamodb: new DynamoDBClient(config) };
  try {
    await timeJob(clients, 'bench/warm-up.csv', body);
    console.log(
      `load average at start: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    const walls: number[] = [];
    const cpus: number[] = [];
    for (let run = 1; run <= runs; run++) {
      const before = { cpu: stackTreeCpuMs(stack.pid), faults: stackTreeFaults(stack.pid) };
      const job = await timeJob(clients, `bench/big-${run}.csv`, body);
      const after = { cpu: stackTreeCpuMs(stack.pid), faults: stackTreeFaults(stack.pid) };
      const cpu = { stack: after.cpu.stack - before.cpu.stack, instances: after.cpu.instances - before.cpu.instances };
      const faults = { stack: after.faults.stack - before.faults.stack, instances: after.faults.instances - before.faults.instances };
      walls.push(job.ms);
      cpus.push(cpu.stack + cpu.instances);
      console.log(
        `run ${run}: ${rows.toLocaleString()} rows (${(body.length / 1e6).toFixed(1)} MB) ${job.ms} ms PUT→summary, ${Math.round(rows / (job.ms / 1000)).toLocaleString()} rows/s, CPU ${cpu.stack + cpu.instances} ms (stack process ${cpu.stack}, Lambda instances ${cpu.instances}), page faults ${kilo(faults.stack)} + ${kilo(faults.instances)}, ${job.summary.chunks} chunk(s), ${job.summary.status}`,
      );
      if (values.steps) await printSteps(clients.dynamodb, job.summary.jobId, job.put);
    }
    const smalls: number[] = [];
    for (let run = 1; run <= runs; run++) smalls.push((await timeJob(clients, `bench/small-${run}.csv`, SMALL)).ms);
    console.log(
      `median of ${runs}: ${median(walls)} ms, ${Math.round(rows / (median(walls) / 1000)).toLocaleString()} rows/s, CPU ${Math.round(median(cpus))} ms; one-row job PUT→summary ${median(smalls)} ms (runs ${smalls.join(', ')})`,
    );
    console.log(
      `load average at end: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    clients.s3.destroy();
    clients.dynamodb.destroy();
    await stack.stop();
  }
}

await main();
