/**
 * The batch goals of README's "Measured here" table (few-row and 1M-row CSV, PUT → summary) on the local stack,
 * measured the same way each time:
 *   node bench/batch-throughput.ts [--rows 1000000] [--runs 5] [--instances 2] [--isolation process|thread] [--steps]
 *     [--meter on|off|both] [--compare KEY=A,B] [ENV=VALUE ...]
 * The stack runs as `npm start` does, in its own process (bench/lib/spawn-stack.ts), so this client's uploads and
 * polling never run on the stack's event loop. One warm-up job of `rows` rows (every instance warm), then `runs` jobs
 * of `rows` four-feature rows (PUT completing → summary written), then `runs` one-row jobs. Prints each run, then
 * medians: wall time, rows/s, and the CPU time the stack's process tree spent (the stack process plus every Lambda
 * instance): CPU time barely moves with the machine's load, wall time does (2 shared cores), so compare changes by
 * CPU time and read rows/s on a quiet machine. ENV=VALUE pairs go into the function's environment
 * (e.g. CHUNK_TARGET_BYTES=8388608). `--meter off` starts the stack with `--no-meter`; `--meter both` starts a stack
 * with the meter and one without side by side, alternates their jobs and prints the medians' ratio (what metering
 * costs: on this shared machine only alternating jobs compare, as the load from elsewhere moves). `--compare KEY=A,B`
 * does the same for two values of one function setting (e.g. `--compare JOB_PROGRESS=on,off`). With the meter
 * on, the last big and one-row jobs' metered units are printed too (`<edge>/_local/meter`).
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { csvByteLength, csvChunks } from './csv-generator.ts';
import { spawnStack, stackTreeCpuMs, stackTreeFaults } from './lib/spawn-stack.ts';
import { timeToSummary } from './scenarios/aws-reads.ts';
import type { SummaryTiming } from './scenarios/aws-reads.ts';
import { environmentPairs } from './options.ts';
import type { MeterPage } from '../local/meter/index.ts';

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
function timeJob(clients: Clients, key: string, body: Buffer | string): Promise<SummaryTiming> {
  return timeToSummary(clients.s3, key, body, 600_000, POLL_MS);
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

interface StackFigures {
  walls: number[];
  cpus: number[];
  smalls: number[];
}

interface RunSettings {
  rows: number;
  runs: number;
  body: Buffer;
  instances: number;
  isolation: 'process' | 'thread';
  environment: Record<string, string>;
  steps: boolean;
}

/** The job's units from the stack's meter page (its execution is named after the job: `<key slug>-<jobId>`). */
async function printMeteredUnits(edgeUrl: string, label: string, jobId: string): Promise<void> {
  const page = (await (await fetch(`${edgeUrl}/_local/meter?limit=100`)).json()) as MeterPage;
  const trace = page.traces.find((t) => t.executions.some((arn) => arn.endsWith(`-${jobId}`)));
  if (trace) console.log(`metered units of the ${label} job: ${JSON.stringify(trace.usage)}`);
}

/** One of two stacks compared side by side: the meter on or off, and settings of its own. */
interface Variant {
  label: string;
  meter: boolean;
  environment: Record<string, string>;
}

/** A started stack with its clients, measured job by job. */
interface LiveStack {
  label: string;
  pid: number;
  edgeUrl: string;
  clients: Clients;
  figures: StackFigures;
  stop(): Promise<void>;
}

/** A stack as `npm start` runs it, warmed up by one job of the measured size (every instance warm). */
async function liveStack(settings: RunSettings, variant: Variant): Promise<LiveStack> {
  const stack = await spawnStack({
    instances: settings.instances,
    isolation: settings.isolation,
    environment: { ...settings.environment, ...variant.environment },
    meter: variant.meter,
  });
  const config = { endpoint: stack.edgeUrl, region: 'us-east-1', credentials: CREDENTIALS };
  const clients: Clients = { s3: new S3Client({ ...config, forcePathStyle: true }), dynamodb: new DynamoDBClient(config) };
  const live: LiveStack = {
    label: variant.label,
    pid: stack.pid,
    edgeUrl: stack.edgeUrl,
    clients,
    figures: { walls: [], cpus: [], smalls: [] },
    stop: async () => {
      clients.s3.destroy();
      clients.dynamodb.destroy();
      await stack.stop();
    },
  };
  try {
    await timeJob(clients, 'bench/warm-up.csv', settings.body);
  } catch (error) {
    await live.stop();
    throw error;
  }
  return live;
}

/** One big job, timed, with the CPU time and page faults of the stack's process tree while it ran. */
async function bigJob(live: LiveStack, settings: RunSettings, run: number) {
  const before = { cpu: stackTreeCpuMs(live.pid), faults: stackTreeFaults(live.pid) };
  const job = await timeJob(live.clients, `bench/big-${run}.csv`, settings.body);
  const after = { cpu: stackTreeCpuMs(live.pid), faults: stackTreeFaults(live.pid) };
  const cpu = { stack: after.cpu.stack - before.cpu.stack, instances: after.cpu.instances - before.cpu.instances };
  const faults = { stack: after.faults.stack - before.faults.stack, instances: after.faults.instances - before.faults.instances };
  live.figures.walls.push(job.ms);
  live.figures.cpus.push(cpu.stack + cpu.instances);
  return { job, cpu, faults };
}

/** One one-row job, timed; its job id. */
async function smallJob(live: LiveStack, run: number): Promise<string> {
  const job = await timeJob(live.clients, `bench/small-${run}.csv`, SMALL);
  live.figures.smalls.push(job.ms);
  return job.summary.jobId;
}

function printLoad(when: 'start' | 'end'): void {
  console.log(
    `load average at ${when}: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}

async function measureStack(settings: RunSettings, meter: boolean): Promise<StackFigures> {
  const { rows, runs, body } = settings;
  console.log(`stack with the meter ${meter ? 'on' : 'off (--no-meter)'}`);
  const live = await liveStack(settings, { label: '', meter, environment: {} });
  try {
    printLoad('start');
    let lastBig = '';
    for (let run = 1; run <= runs; run++) {
      const { job, cpu, faults } = await bigJob(live, settings, run);
      lastBig = job.summary.jobId;
      console.log(
        `run ${run}: ${rows.toLocaleString()} rows (${(body.length / 1e6).toFixed(1)} MB) ${job.ms} ms PUT→summary, ${Math.round(rows / (job.ms / 1000)).toLocaleString()} rows/s, CPU ${cpu.stack + cpu.instances} ms (stack process ${cpu.stack}, Lambda instances ${cpu.instances}), page faults ${kilo(faults.stack)} + ${kilo(faults.instances)}, ${job.summary.chunks} chunk(s), ${job.summary.status}`,
      );
      if (settings.steps) await printSteps(live.clients.dynamodb, job.summary.jobId, job.put);
    }
    let lastSmall = '';
    for (let run = 1; run <= runs; run++) lastSmall = await smallJob(live, run);
    const figures = live.figures;
    console.log(
      `median of ${runs}: ${median(figures.walls)} ms, ${Math.round(rows / (median(figures.walls) / 1000)).toLocaleString()} rows/s, CPU ${Math.round(median(figures.cpus))} ms; one-row job PUT→summary ${median(figures.smalls)} ms (runs ${figures.smalls.join(', ')})`,
    );
    printLoad('end');
    if (meter) {
      await new Promise((resolve) => setTimeout(resolve, 500)); // the last invocations' REPORTs
      await printMeteredUnits(live.edgeUrl, `last ${rows.toLocaleString()}-row`, lastBig);
      await printMeteredUnits(live.edgeUrl, 'last one-row', lastSmall);
    }
    return figures;
  } finally {
    await live.stop();
  }
}

/**
 * Both stacks at once, idle but for the job being measured, their jobs alternating (a, b, b, a, …): load from
 * elsewhere on the machine falls on both alike, so the medians compare. The stack started first ran its jobs faster
 * here even when both were the same (an A/A comparison of 25 pairs: −6.9 % wall, −4.4 % CPU), so half of the pairs
 * run on stacks started a then b, the other half on fresh stacks started b then a.
 */
async function compareStacks(settings: RunSettings, variants: [Variant, Variant]): Promise<void> {
  const figures = variants.map((): StackFigures => ({ walls: [], cpus: [], smalls: [] }));
  const width = Math.max(...variants.map((v) => v.label.length));
  printLoad('start');
  const half = Math.ceil(settings.runs / 2);
  await comparePairs(settings, variants, figures, { first: 1, last: half, startOrder: [0, 1], width });
  await comparePairs(settings, variants, figures, { first: half + 1, last: settings.runs, startOrder: [1, 0], width });
  printLoad('end');
  const ratio = (a: number[], b: number[]) => `${((median(a) / median(b) - 1) * 100).toFixed(1)} %`;
  const [a, b] = figures as [StackFigures, StackFigures];
  console.log(
    `${variants[0].label} vs ${variants[1].label} (medians of ${settings.runs}, alternating, start order swapped halfway): ${settings.rows.toLocaleString()}-row job ${median(a.walls)} vs ${median(b.walls)} ms (${ratio(a.walls, b.walls)}), CPU ${Math.round(median(a.cpus))} vs ${Math.round(median(b.cpus))} ms (${ratio(a.cpus, b.cpus)}); one-row job ${median(a.smalls)} vs ${median(b.smalls)} ms`,
  );
  console.log(`paired (each run's two jobs ran back to back): wall ${pairedRatio(a.walls, b.walls)}, CPU ${pairedRatio(a.cpus, b.cpus)}`);
}

/**
 * The median of the runs' own ratios (a run's two jobs ran back to back, so slow drift of the machine cancels),
 * with the middle half of them: what a difference between two variants is, and how sure.
 */
function pairedRatio(a: number[], b: number[]): string {
  const ratios = a.map((value, i) => (value / b[i]! - 1) * 100).sort((x, y) => x - y);
  const at = (q: number) => ratios[Math.min(ratios.length - 1, Math.floor(q * ratios.length))]!.toFixed(1);
  return `median ${at(0.5)} %, middle half ${at(0.25)} … ${at(0.75)} %`;
}

interface PairRange {
  first: number;
  last: number;
  /** Which variant's stack starts first. */
  startOrder: [number, number];
  width: number;
}

/** Runs `first`..`last` of the pairs on two fresh stacks, adding to each variant's figures. */
async function comparePairs(settings: RunSettings, variants: [Variant, Variant], figures: StackFigures[], range: PairRange) {
  if (range.first > range.last) return;
  const stacks: LiveStack[] = [];
  try {
    for (const index of range.startOrder) stacks[index] = await liveStack(settings, variants[index]!);
    for (const [index, live] of stacks.entries()) live.figures = figures[index]!;
    for (let run = range.first; run <= range.last; run++) {
      for (const live of run % 2 === 1 ? stacks : [...stacks].reverse()) {
        const { job, cpu } = await bigJob(live, settings, run);
        console.log(
          `run ${run}, ${live.label.padEnd(range.width)}: ${job.ms} ms PUT→summary, CPU ${cpu.stack + cpu.instances} ms, ${job.summary.chunks} chunk(s), ${job.summary.status}`,
        );
      }
    }
    for (let run = range.first; run <= range.last; run++) for (const live of stacks) await smallJob(live, run);
  } finally {
    await Promise.all(stacks.filter(Boolean).map((live) => live.stop()));
  }
}

function meterVariants(): [Variant, Variant] {
  return [
    { label: 'meter on', meter: true, environment: {} },
    { label: 'meter off', meter: false, environment: {} },
  ];
}

/** `KEY=A,B` → a stack with the function setting KEY=A and one with KEY=B, both metered. */
function settingVariants(spec: string): [Variant, Variant] {
  const match = /^([A-Z0-9_]+)=([^,]*),([^,]*)$/.exec(spec);
  if (!match) throw new Error(`--compare wants KEY=A,B (e.g. JOB_PROGRESS=on,off), got "${spec}"`);
  const [, key, a, b] = match as unknown as [string, string, string, string];
  // An empty value leaves the setting unset (its default), e.g. `MALLOC_TOP_PAD_=,67108864`.
  const variant = (value: string): Variant => ({
    label: value === '' ? `${key} unset` : `${key}=${value}`,
    meter: true,
    environment: value === '' ? {} : { [key]: value },
  });
  return [variant(a), variant(b)];
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
      meter: { type: 'string', default: 'on' },
      compare: { type: 'string' },
    },
  });
  const rows = Number(values.rows);
  const settings: RunSettings = {
    rows,
    runs: Number(values.runs),
    body: Buffer.concat([...csvChunks(rows)], csvByteLength(rows)),
    instances: Number(values.instances),
    isolation: values.isolation === 'thread' ? 'thread' : 'process',
    environment: environmentPairs(positionals),
    steps: values.steps,
  };
  if (values.compare !== undefined) await compareStacks(settings, settingVariants(values.compare));
  else if (values.meter === 'both') await compareStacks(settings, meterVariants());
  else await measureStack(settings, values.meter !== 'off');
}

await main();
