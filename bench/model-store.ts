/**
 * Three floors of the model store on the local stack:
 *   node bench/model-store.ts [--runs 3] [--requests 300] [--ttl 5] [--instances 2]
 * The stack runs in its own process (bench/lib/spawn-stack.ts) with MODEL_ALIAS_TTL_SECONDS=--ttl; model/iris.onnx is
 * published twice (versions 1 and 2 of `bench-iris`, alias `champion` → 1) by the CLI's own code (cli/lib/publish.ts).
 *   1. one-row `/predict` warm latency, the baked-in model vs `?model=bench-iris@champion`, interleaved
 *      (floor: ≤ 1.2× the baked-in model);
 *   2. alias switch: the alias write (cli/lib/store-admin.ts) → the first answer from the new version, polled every
 *      20 ms, moved back and forth (floor: ≤ TTL + one model load);
 *   3. 1M-row batch job PUT → summary with and without `model=bench-iris@champion` metadata, interleaved
 *      (floor: within 10 %), and the CPU time the stack's process tree spent on each (wall time moves with the
 *      machine's load, CPU time barely does: compare by CPU time on a busy machine).
 * Prints a markdown table of medians on stdout; progress on stderr.
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { publishModel } from '../cli/lib/publish.ts';
import { setAlias } from '../cli/lib/store-admin.ts';
import { storeTarget, type StoreTarget } from '../cli/lib/store-target.ts';
import type { JobSummary } from '../functions/lib/batch/types.ts';
import { deriveOutputKeys } from '../functions/lib/jobs/output-keys.ts';
import { LOCAL_BUCKETS, LOCAL_REGION } from '../local/local-names.ts';
import { csvByteLength, csvChunks } from './csv-generator.ts';
import { ascending, median, percentile } from './lib/percentiles.ts';
import { ms, table } from './lib/markdown.ts';
import { spawnStack, stackTreeCpuMs } from './lib/spawn-stack.ts';
import { positiveInt } from './options.ts';
import { progressLine } from './progress.ts';
import { waitForObject } from './scenarios/aws-reads.ts';

const NAME = 'bench-iris';
const ALIAS = 'champion';
const REF = `${NAME}@${ALIAS}`;
const ROW_BODY = JSON.stringify({ values: [[5.9, 3.0, 5.1, 2.3]] });
const POLL_MS = 20;
const ROWS = 1_000_000;
const SWITCHES = 3;
const WARM_UP_REQUESTS = 20;
const progress = progressLine();

interface Answer {
  ms: number;
  version: string | undefined;
}

/** One one-row POST /predict; its latency and the version that answered. */
async function predict(apiUrl: string, query: string): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(`${apiUrl}/predict${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: ROW_BODY,
  });
  const json = (await response.json()) as { model?: { version: string } };
  const elapsed = performance.now() - started;
  if (response.status !== 200) throw new Error(`POST /predict${query}: ${response.status} ${JSON.stringify(json)}`);
  return { ms: elapsed, version: json.model?.version };
}

interface Latency {
  median: number;
  p90: number;
  max: number;
}

const latency = (values: number[]): Latency => {
  const sorted = ascending(values);
  return { median: median(sorted), p90: percentile(sorted, 90), max: sorted[sorted.length - 1]! };
};

/** Floor 1: `requests` rounds of one baked-in and one `?model=` request, after a warm-up of both. */
async function warmLatency(apiUrl: string, requests: number): Promise<{ baked: Latency; stored: Latency }> {
  const baked: number[] = [];
  const stored: number[] = [];
  for (let i = 0; i < WARM_UP_REQUESTS; i++) await Promise.all([predict(apiUrl, ''), predict(apiUrl, `?model=${REF}`)]);
  for (let round = 1; round <= requests; round++) {
    baked.push((await predict(apiUrl, '')).ms);
    stored.push((await predict(apiUrl, `?model=${REF}`)).ms);
    if (round % 50 === 0) progress.update(`/predict latency: ${round}/${requests} rounds`);
  }
  return { baked: latency(baked), stored: latency(stored) };
}

/** One model load: the first request naming version 2 (loaded nowhere yet) minus the median of the warm ones after it. */
async function modelLoadMs(apiUrl: string): Promise<number> {
  const first = await predict(apiUrl, `?model=${NAME}@2`);
  const warm: number[] = [];
  for (let i = 0; i < 10; i++) warm.push((await predict(apiUrl, `?model=${NAME}@2`)).ms);
  return first.ms - median(warm);
}

/** Floor 2: the alias write → the first answer from `version`. */
async function switchMs(target: StoreTarget, apiUrl: string, version: string): Promise<number> {
  await setAlias(target, NAME, ALIAS, version);
  const written = performance.now();
  for (;;) {
    const answer = await predict(apiUrl, `?model=${REF}`);
    if (answer.version === version) return performance.now() - written;
    if (performance.now() - written > 120_000) throw new Error(`${REF} still answers from ${answer.version} after 120 s`);
    await sleep(POLL_MS);
  }
}

/**
 * PUT (with `model` metadata or not) → the summary, checked to be SUCCEEDED and scored by the expected model, and the
 * CPU time the stack's process tree spent meanwhile (steadier than wall time on a shared machine, as in
 * bench/batch-throughput.ts).
 */
async function timeJob(s3: S3Client, stackPid: number, key: string, body: Buffer, model: string | undefined): Promise<Job> {
  const before = stackTreeCpuMs(stackPid);
  const metadata = model ? { Metadata: { model } } : {};
  await s3.send(new PutObjectCommand({ Bucket: LOCAL_BUCKETS.input, Key: key, Body: body, ...metadata }));
  const put = Date.now();
  const summaryKey = deriveOutputKeys(key).summary;
  const seen = await waitForObject(s3, LOCAL_BUCKETS.output, summaryKey, 600_000, POLL_MS);
  const out = await s3.send(new GetObjectCommand({ Bucket: LOCAL_BUCKETS.output, Key: summaryKey }));
  const summary = JSON.parse(await out.Body!.transformToString()) as JobSummary;
  const after = stackTreeCpuMs(stackPid);
  const scoredBy = summary.model ? `${summary.model.name}@${summary.model.version}` : 'no model';
  const expected = model ? scoredBy === `${NAME}@1` : summary.model !== null && summary.model.name !== NAME;
  if (summary.status !== 'SUCCEEDED' || !expected)
    throw new Error(`${key}: ${summary.status} by ${scoredBy} (expected ${model ? `${NAME}@1` : 'the baked-in model'})`);
  return { ms: seen - put, cpuMs: after.stack + after.instances - before.stack - before.instances, scoredBy };
}

interface Job {
  ms: number;
  cpuMs: number;
  /** `name@version` of the model the summary names. */
  scoredBy: string;
}

/** Floor 3: `runs` interleaved pairs of 1M-row jobs without and with a published model, after one warm-up each. */
async function batchPair(s3: S3Client, stackPid: number, runs: number): Promise<{ baked: Job[]; stored: Job[]; scoredBy: Set<string> }> {
  const body = Buffer.concat([...csvChunks(ROWS)], csvByteLength(ROWS));
  const baked: Job[] = [];
  const stored: Job[] = [];
  const scoredBy = new Set<string>();
  for (let run = 0; run <= runs; run++) {
    progress.update(run === 0 ? 'batch: warm-up jobs' : `batch: run ${run}/${runs}`);
    // which goes first alternates, so neither kind always meets the instances the other just warmed
    const bakedJob = () => timeJob(s3, stackPid, `bench/baked-${run}.csv`, body, undefined);
    const storedJob = () => timeJob(s3, stackPid, `bench/stored-${run}.csv`, body, REF);
    const [bakedRun, storedRun] =
      run % 2 === 0 ? [await bakedJob(), await storedJob()] : await storedJob().then(async (s) => [await bakedJob(), s]);
    scoredBy.add(bakedRun.scoredBy).add(storedRun.scoredBy);
    if (run === 0) continue;
    baked.push(bakedRun);
    stored.push(storedRun);
  }
  return { baked, stored, scoredBy };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string' },
      requests: { type: 'string' },
      ttl: { type: 'string' },
      instances: { type: 'string' },
    },
  });
  const runs = positiveInt('runs', values.runs, 3);
  const requests = positiveInt('requests', values.requests, 300);
  const ttl = positiveInt('ttl', values.ttl, 5);
  progress.update('starting the stack');
  const stack = await spawnStack({
    instances: positiveInt('instances', values.instances, 2),
    environment: { MODEL_ALIAS_TTL_SECONDS: String(ttl) },
  });
  const target = storeTarget({ endpoint: stack.edgeUrl });
  const s3 = new S3Client({
    endpoint: stack.edgeUrl,
    region: LOCAL_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    forcePathStyle: true,
  });
  try {
    progress.update(`publishing ${NAME}@1 and @2`);
    const file = join(import.meta.dirname, '../model/iris.onnx');
    await publishModel(target, { file, name: NAME, version: '1', alias: ALIAS });
    await publishModel(target, { file, name: NAME, version: '2' });

    const warm = await warmLatency(stack.apiUrl, requests);
    progress.update('one model load');
    const load = await modelLoadMs(stack.apiUrl);
    const switches: number[] = [];
    for (let i = 0; i < SWITCHES; i++) {
      progress.update(`alias switch ${i + 1}/${SWITCHES}`);
      switches.push(await switchMs(target, stack.apiUrl, i % 2 === 0 ? '2' : '1'));
    }
    await setAlias(target, NAME, ALIAS, '1');
    const batch = await batchPair(s3, stack.pid, runs);
    progress.done();

    const switchFloor = ttl * 1000 + Math.max(load, warm.stored.max);
    const latencyRatio = warm.stored.median / warm.baked.median;
    const wall = { baked: batch.baked.map((j) => j.ms), stored: batch.stored.map((j) => j.ms) };
    const cpu = { baked: batch.baked.map((j) => j.cpuMs), stored: batch.stored.map((j) => j.cpuMs) };
    const batchRatio = median(wall.stored) / median(wall.baked);
    const cpuRatio = median(cpu.stored) / median(cpu.baked);
    const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
    console.log(
      table(
        ['measure', 'baked-in model', `${REF}`, 'ratio / figure', 'floor', ''],
        [
          [
            `/predict one row, median (p90) ms, ${requests} rounds`,
            `${ms(warm.baked.median)} (${ms(warm.baked.p90)})`,
            `${ms(warm.stored.median)} (${ms(warm.stored.p90)})`,
            `${latencyRatio.toFixed(2)}×`,
            '≤ 1.20×',
            verdict(latencyRatio <= 1.2),
          ],
          [
            `alias write → first answer from the new version, median of ${SWITCHES} (ms)`,
            '',
            switches.map((s) => ms(s)).join(', '),
            ms(median(switches)),
            `≤ TTL ${ttl} s + one load (${ms(load)} ms; max warm ${ms(warm.stored.max)} ms) = ${ms(switchFloor)}`,
            verdict(median(switches) <= switchFloor),
          ],
          [
            `${ROWS.toLocaleString('en-US')}-row job PUT → summary, median of ${runs} (ms)`,
            `${ms(median(wall.baked))} (${wall.baked.join(', ')})`,
            `${ms(median(wall.stored))} (${wall.stored.join(', ')})`,
            `${batchRatio.toFixed(2)}×`,
            'within 10 %',
            verdict(Math.abs(batchRatio - 1) <= 0.1),
          ],
          [
            'the same jobs: CPU ms of the stack and its Lambda instances, median',
            `${ms(median(cpu.baked))} (${cpu.baked.join(', ')})`,
            `${ms(median(cpu.stored))} (${cpu.stored.join(', ')})`,
            `${cpuRatio.toFixed(2)}×`,
            'within 10 %',
            verdict(Math.abs(cpuRatio - 1) <= 0.1),
          ],
        ],
      ),
    );
    console.log(`\nEvery job SUCCEEDED; the summaries named ${[...batch.scoredBy].join(' and ')}. MODEL_ALIAS_TTL_SECONDS=${ttl}.`);
    console.log(
      `load average at end: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} (wall times move with it; CPU times barely do)`,
    );
  } finally {
    progress.done();
    s3.destroy();
    target.client.destroy();
    await stack.stop();
  }
}

await main();
