import { num, table, usd } from './markdown.ts';
import { MAX_CHUNKS } from '../../functions/plan.ts';
import { EXPRESS_EXECUTION_SECONDS } from '../../infra/constructs/BatchWorkflow.ts';
import { SCALE_DESIGNS, distributedMapParams } from './scale-designs.ts';
import { scaleTable, scoreRateFromResults } from './scale-model.ts';
import type { ScaleBound, ScaleRow, ScaleTable, WorkflowParams } from './scale-model-types.ts';
import type { BenchResults } from './types.ts';

/** Decimal bytes with 3 significant digits: 33.6 MB, 200 MB, 1.00 TB. */
export function bytesText(n: number): string {
  const units: Array<[number, string]> = [
    [1e15, 'PB'],
    [1e12, 'TB'],
    [1e9, 'GB'],
    [1e6, 'MB'],
    [1e3, 'kB'],
  ];
  const [scale, unit] = units.find(([s]) => n >= s) ?? [1, 'B'];
  return `${Number((n / scale).toPrecision(3))} ${unit}`;
}

/** Binary sizes as the stack configures them (32 MiB, 5 MiB). */
function mibText(n: number): string {
  return `${Number((n / 2 ** 20).toFixed(1))} MiB`;
}

/** Seconds as s under 2 min, min under 2 h, else h. */
export function durationText(seconds: number): string {
  if (seconds < 120) return `${num(seconds, seconds < 10 ? 1 : 0)} s`;
  if (seconds < 7200) return `${num(seconds / 60, 1)} min`;
  return `${num(seconds / 3600, 1)} h`;
}

function chunkTimeoutText(p: WorkflowParams): string {
  if (p.iterationBilling === 'standard-transitions')
    return `each chunk's ScoreChunk state bounded by the function timeout (${p.functionTimeoutSeconds} s)`;
  return (
    `ScoreChunk's task timeout ${p.chunkTimeoutSeconds} s (its attempts and backoff within the Express child's ` +
    `${EXPRESS_EXECUTION_SECONDS} s; function timeout ${p.functionTimeoutSeconds} s)`
  );
}

function paramsLine(p: WorkflowParams, t: ScaleTable): string {
  const execution = p.workflowTimeoutSeconds === undefined ? '' : `execution timeout ${durationText(p.workflowTimeoutSeconds)}; `;
  return (
    `Deploy: ${p.deploy}. Parameters: Map MaxConcurrency ${num(p.mapConcurrency)}, at most ${num(p.mapInFlightCap)} in flight on AWS, ` +
    `Lambda concurrency ${num(p.lambdaConcurrency)} → **${num(t.inFlight)} chunks at once**; at most ${num(p.maxChunks)} chunks ` +
    `(target ${mibText(p.chunkTargetBytes)}, minimum ${mibText(p.minChunkBytes)}); ${chunkTimeoutText(p)}; ${execution}` +
    `${p.memoryMb} MB; each chunk billed as ` +
    `${p.iterationBilling === 'express-children' ? 'one parent state transition + one Express child execution' : 'one Standard state transition'}.`
  );
}

/** An Express child's chunk is bounded by its ScoreChunk task timeout; an inline Map's by the function timeout. */
function timeoutName(p: WorkflowParams): string {
  return p.iterationBilling === 'express-children' ? 'task timeout' : 'function timeout';
}

function boundText(b: ScaleBound, r: ScaleRow, p: WorkflowParams): string {
  return b === 'chunk task timeout' ? `${durationText(r.chunkSeconds)} per chunk > ${p.chunkTimeoutSeconds} s ${timeoutName(p)}` : b;
}

function worksCell(r: ScaleRow, p: WorkflowParams): string {
  if (r.works) return 'yes';
  return `**no**: ${r.bounds.map((b) => boundText(b, r, p)).join('; ')}`;
}

function rows(t: ScaleTable): string {
  const p = t.params;
  return table(
    [
      'input',
      'chunks × size',
      's per chunk',
      'Lambda concurrency',
      'waves',
      'wall time',
      'Lambda GB-s',
      'Lambda requests',
      'Step Functions',
      'S3 requests',
      'total (+ DynamoDB, logs)',
      '$ / 1M rows',
      'works?',
    ],
    t.rows.map((r) => [
      bytesText(r.inputBytes),
      `${num(r.chunks)} × ${bytesText(r.chunkBytes)}`,
      durationText(r.chunkSeconds),
      num(r.concurrency),
      num(r.waves),
      durationText(r.wallSeconds),
      usd(r.cost.lambdaComputeUsd),
      usd(r.cost.lambdaRequestsUsd),
      usd(r.cost.stepFunctionsUsd),
      usd(r.cost.s3Usd),
      usd(r.cost.totalUsd),
      usd(r.cost.usdPer1MPredictions),
      worksCell(r, p),
    ]),
  );
}

/** What stops the size just above the largest, with the chunk time beside a task timeout. */
function boundedByText(t: ScaleTable): string {
  const l = t.largest;
  return (
    l.boundedBy
      .map((b) => (b === 'chunk task timeout' ? `chunk ${timeoutName(t.params)} (${t.params.chunkTimeoutSeconds} s)` : b))
      .join(' and ') || 'search ceiling'
  );
}

function largestLine(t: ScaleTable): string {
  const r = t.largest.row;
  return (
    `Largest input that works: **${bytesText(t.largest.inputBytes)}** (${boundedByText(t)} beyond it): ` +
    `${num(r.chunks)} chunks of ${bytesText(r.chunkBytes)}, ${durationText(r.chunkSeconds)} each, ${durationText(r.wallSeconds)} wall time, ${usd(r.cost.totalUsd)}.`
  );
}

function designTable(t: ScaleTable): string {
  return [`### ${t.params.label}`, paramsLine(t.params, t), rows(t), largestLine(t)].join('\n\n');
}

/** One line per design: how far it goes and what stops it. */
function summaryTable(tables: readonly ScaleTable[]): string {
  return table(
    ['design', 'chunks at once', 'largest input that works', 'bounded by', 'wall time at it'],
    tables.map((t) => [
      t.params.label,
      num(t.inFlight),
      bytesText(t.largest.inputBytes),
      boundedByText(t),
      durationText(t.largest.row.wallSeconds),
    ]),
  );
}

function assumptionsText(t: ScaleTable): string[] {
  const a = t.assumptions;
  const r = t.rate;
  return [
    `Score rate (${r.source}): ${bytesText(r.bytesPerSecond)}/s per chunk on one local core, taken as one vCPU. Lambda gives one full vCPU ` +
      `at ${num(a.fullVcpuMemoryMb)} MB and a proportional share below, so at ${t.params.memoryMb} MB one chunk scores ` +
      `${bytesText(t.laneBytesPerSecond)}/s (scoring a chunk is one thread: more memory than ${num(a.fullVcpuMemoryMb)} MB is not counted). ` +
      `Wall time = ${Math.round(r.overheadMs)} ms of job overhead (${r.measured ? 'measured' : 'default'}: ingest, workflow start, plan, fan-in, finalize) + waves × s per chunk.`,
    `Plan cuts the object every chunk size without reading it, at most ${num(MAX_CHUNKS)} chunks (S3's parts): past ` +
      `${bytesText(MAX_CHUNKS * t.params.chunkTargetBytes)} chunks grow instead of multiplying, so their time against the task timeout is what bounds. ` +
      `Assumed, not measured: scored output is ${a.outputBytesPerInputByte}× the input (Iris rows gain prediction, label and three probabilities); ` +
      'no chunk is misplaced (a chunk whose start falls inside a quoted field is scored again by RescoreChunks, at worst doubling wall time and chunk cost). ' +
      'Not modelled: the Distributed Map’s start-up and per-child overhead (`npm run bench:map-overhead` measures it locally), Finalize’s server-side part copies, retries, ' +
      'Lambda’s scaling rate (1,000 new environments per 10 s per function). ' +
      `Costs: the units the local meter counted (${r.units.source}: requests, transitions, request units and log bytes as fixed + per chunk; ` +
      'per-chunk S3 requests are those of the measured chunk size, so larger chunks’ extra multipart parts are not counted) × functions/lib/billing/prices.json (us-east-1, each price with its source page and the day it was read), free tiers ignored.',
  ];
}

/**
 * With chunks at their cap, the chunk's time against its task timeout bounds the input: only a faster chunk moves
 * it. The same design at the memory that gives one full vCPU (the stack validates the context).
 */
function fasterChunkLine(t: ScaleTable): string {
  const memorySize = t.assumptions.fullVcpuMemoryMb;
  if (t.params.memoryMb >= memorySize) return '';
  const faster = scaleTable(distributedMapParams('', '', { memorySize }), t.rate, t.assumptions, []);
  return (
    `Past ${bytesText(t.params.maxChunks * t.params.chunkTargetBytes)} more concurrency shortens the wall time but does not raise the ` +
    `ceiling: only a faster chunk does. At \`-c memorySize=${memorySize}\` (one full vCPU) a chunk scores ${bytesText(faster.laneBytesPerSecond)}/s ` +
    `and the Distributed Map goes to **${bytesText(faster.largest.inputBytes)}**.`
  );
}

/**
 * Where the batch workflow stops, from this run's per-chunk rate (the default rate when no batch job measured one):
 * the Distributed Map at the stack defaults, the same sized for an AWS account, and the former inline Map for
 * comparison. Only in reports of runs with batch jobs.
 */
export function scaleSection(r: BenchResults): string {
  if (!r.batch?.length) return '';
  const rate = scoreRateFromResults(r.batch);
  const tables = SCALE_DESIGNS.map((p) => scaleTable(p, rate));
  return [
    '## Scale: where the batch workflow stops',
    ...assumptionsText(tables[0]),
    summaryTable(tables),
    fasterChunkLine(tables[0]),
    ...tables.map(designTable),
  ]
    .filter((part) => part !== '')
    .join('\n\n');
}
