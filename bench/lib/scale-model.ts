import { chunkSize } from '../../functions/lib/chunks/plan-chunks.ts';
import { MAX_PART_BYTES, MAX_PARTS, MIN_PART_BYTES, STREAM_PART_BYTES } from '../../functions/lib/s3/limits.ts';
import { EXPRESS_EXECUTION_SECONDS } from '../../infra/constructs/BatchWorkflow.ts';
import { PRICES, fitLine, scaleUsage, sumUsage, usageCost } from './cost.ts';
import type { Prices } from './cost-types.ts';
import { emptyUsage, gbSeconds, type Usage } from '../../local/meter/index.ts';
import type {
  JobUnits,
  ScaleAssumptions,
  ScaleBound,
  ScaleCost,
  ScaleLargest,
  ScaleRow,
  ScaleTable,
  ScoreRate,
  WorkflowParams,
} from './scale-model-types.ts';
import type { BatchJobResult } from './types.ts';

/** Input sizes of the report's tables: 1 GB, 10 GB, 100 GB, 1 TB (decimal units). */
export const SCALE_SIZES = [1e9, 1e10, 1e11, 1e12];

export const DEFAULT_ASSUMPTIONS: ScaleAssumptions = {
  fullVcpuMemoryMb: 1769,
  outputBytesPerInputByte: 3,
  expressBilledMemoryMb: 64,
  expressBilledIncrementMs: 100,
};

/**
 * Metered units of two jobs on the local stack (`node bench/batch-throughput.ts --rows 1000000 --runs 3 --meter both`,
 * 2026-12-02): a one-row job (1 chunk) and a 1M-row, 16 MB job (2 chunks, each chunk's output over 8 MiB so uploaded
 * in parts). Their compute is not used (the model has its own chunk time).
 */
const METERED_ONE_ROW: Usage = {
  s3: { putCopyPostList: 10, getSelectOther: 5, free: 2, bytesIn: 3949, bytesOut: 4319, bytesStored: 3477 },
  lambda: { requests: 4, coldStarts: 0, billedMs: 243, gbSeconds: 0.243, modelledGbSeconds: 0.327 },
  stepFunctions: { standardTransitions: 5, expressRequests: 1, expressBilledMs: 100, expressGbSeconds: 0.00625 },
  dynamodb: { requests: 15, readRequestUnits: 3, writeRequestUnits: 12 },
  apiGateway: { requests: 0 },
  logs: { bytes: 4626 },
};
const METERED_1M_ROWS: Usage = {
  s3: { putCopyPostList: 25, getSelectOther: 6, free: 2, bytesIn: 51098073, bytesOut: 16139687, bytesStored: 102186940 },
  lambda: { requests: 5, coldStarts: 0, billedMs: 44336, gbSeconds: 44.336, modelledGbSeconds: 45.415 },
  stepFunctions: { standardTransitions: 6, expressRequests: 2, expressBilledMs: 39600, expressGbSeconds: 2.475 },
  dynamodb: { requests: 17, readRequestUnits: 3, writeRequestUnits: 14 },
  apiGateway: { requests: 0 },
  logs: { bytes: 5705 },
};

/**
 * README's "Measured here" 1M-row job (bench/results/example): 16,000,050 bytes in 2 chunks, each scored in
 * 834.5 ms median; 985 ms end-to-end of which 850 ms scoring wall; ingest 14, plan 12, finalize 87 ms.
 */
const DEFAULT_JOB_UNITS: JobUnits = {
  ...(unitsFromJobs([
    { name: 'one row', usage: METERED_ONE_ROW, decomposition: { chunks: 1 } },
    { name: '1M rows', usage: METERED_1M_ROWS, decomposition: { chunks: 2 } },
  ]) as JobUnits),
  source: 'default: the metered one-row and 1M-row jobs of bench/batch-throughput.ts on 2026-12-02',
};

export const DEFAULT_SCORE_RATE: ScoreRate = {
  bytesPerSecond: 16_000_050 / 2 / 0.8345,
  bytesPerRow: 16,
  overheadMs: 985 - 850,
  units: DEFAULT_JOB_UNITS,
  source: 'default: the 1M-row 16 MB job of bench/results/example (2 chunks of 8 MB, 0.83 s each)',
  measured: false,
};

/**
 * The per-chunk rate of this run's largest batch job whose chunks are at least one S3 part (smaller ones measure
 * fixed costs, not bytes/s); DEFAULT_SCORE_RATE when there is none.
 */
export function scoreRateFromResults(batch: readonly BatchJobResult[] | undefined): ScoreRate {
  const usable = (batch ?? []).filter(
    (b) => b.bytes !== undefined && b.decomposition.score.median > 0 && b.bytes / b.decomposition.chunks >= MIN_PART_BYTES,
  );
  const job = usable.sort((a, b) => (b.bytes ?? 0) - (a.bytes ?? 0))[0];
  if (!job?.bytes) return DEFAULT_SCORE_RATE;
  const d = job.decomposition;
  return {
    bytesPerSecond: job.bytes / d.chunks / (d.score.median / 1000),
    bytesPerRow: job.bytes / job.rows,
    overheadMs: d.endToEndMs - d.scoringWallMs,
    units: unitsFromJobs(batch ?? []) ?? DEFAULT_JOB_UNITS,
    source: `measured: job "${job.name}" of this run (${d.chunks} chunks of ${(job.bytes / d.chunks / 1e6).toFixed(1)} MB, ${Math.round(d.score.median)} ms median each)`,
    measured: true,
  };
}

/** Chunks scored at once: what the Map asks for, capped by what AWS runs and what Lambda grants. */
export function effectiveInFlight(p: WorkflowParams): number {
  return Math.min(p.mapConcurrency, p.mapInFlightCap, p.lambdaConcurrency);
}

/** One invocation's rate at the function's memory: a share of a vCPU below fullVcpuMemoryMb, one thread above. */
export function laneBytesPerSecond(rate: ScoreRate, p: WorkflowParams, a: ScaleAssumptions): number {
  return rate.bytesPerSecond * Math.min(1, p.memoryMb / a.fullVcpuMemoryMb);
}

/** The plan Plan makes (functions/lib/chunks chunkSize, parallelism = chunks at once): chunk size and count. */
export function chunking(inputBytes: number, p: WorkflowParams): { chunkBytes: number; chunks: number } {
  const chunkBytes = chunkSize({
    size: inputBytes,
    targetBytes: p.chunkTargetBytes,
    minBytes: p.minChunkBytes,
    maxChunks: p.maxChunks,
    parallelism: effectiveInFlight(p),
  });
  return { chunkBytes, chunks: Math.ceil(inputBytes / chunkBytes) };
}

type RowShape = Pick<ScaleRow, 'inputBytes' | 'chunks' | 'chunkBytes' | 'chunkSeconds' | 'wallSeconds'>;

/**
 * The limits a job breaks: a chunk scored past its task timeout (and an Express child past 5 min); a chunk's scored
 * output past what ScoreChunk's PartUploader can upload (10,000 parts of STREAM_PART_BYTES); more chunks than parts;
 * scored.csv past what Finalize can assemble (planAssembly: 10,000 parts of 5 GiB); the execution past its timeout.
 */
function boundsOf(r: RowShape, p: WorkflowParams, a: ScaleAssumptions): ScaleBound[] {
  const bounds: ScaleBound[] = [];
  if (r.chunkSeconds > p.chunkTimeoutSeconds) bounds.push('chunk task timeout');
  if (p.iterationBilling === 'express-children' && r.chunkSeconds > EXPRESS_EXECUTION_SECONDS)
    bounds.push('Express child duration (≤ 5 min)');
  if (r.chunkBytes * a.outputBytesPerInputByte > MAX_PARTS * STREAM_PART_BYTES)
    bounds.push('chunk output upload (≤ 10,000 parts of 8 MiB)');
  if (r.chunks > MAX_PARTS) bounds.push('S3 parts (≤ 10,000)');
  if (r.inputBytes * a.outputBytesPerInputByte > MAX_PARTS * MAX_PART_BYTES) bounds.push('scored.csv size (≤ 10,000 parts of 5 GiB)');
  if (p.workflowTimeoutSeconds !== undefined && r.wallSeconds > p.workflowTimeoutSeconds) bounds.push('execution timeout');
  return bounds;
}

/**
 * One job's cost: the metered units of a job with `chunks` chunks (fixed + per chunk) × prices.json, with the chunks'
 * compute and Express duration taken from the model's chunk time at the design's memory. A Distributed Map bills its
 * parent one transition per child it starts; an inline Map, the iteration's ScoreChunk state: one per chunk either way.
 */
export function scaleCost(
  inputBytes: number,
  chunks: number,
  chunkSeconds: number,
  t: { params: WorkflowParams; rate: ScoreRate; assumptions: ScaleAssumptions },
  prices: Prices = PRICES,
): ScaleCost {
  const { params: p, rate, assumptions: a } = t;
  const rows = inputBytes / rate.bytesPerRow;
  const chunkMs = chunkSeconds * 1000;
  const usage = sumUsage(rate.units.fixed, scaleUsage(rate.units.perChunk, chunks));
  usage.lambda.billedMs = Math.max(0, rate.units.fixed.lambda.billedMs) + chunks * Math.ceil(chunkMs);
  usage.lambda.gbSeconds = gbSeconds(usage.lambda.billedMs, p.memoryMb);
  const express = p.iterationBilling === 'express-children';
  const childBilledMs = Math.ceil(chunkMs / a.expressBilledIncrementMs) * a.expressBilledIncrementMs;
  usage.stepFunctions.expressRequests = express ? chunks : 0;
  usage.stepFunctions.expressBilledMs = express ? chunks * childBilledMs : 0;
  usage.stepFunctions.expressGbSeconds = express ? gbSeconds(chunks * childBilledMs, a.expressBilledMemoryMb) : 0;
  const b = usageCost(usage, rows, {}, prices);
  const usdOf = (prefix: string) => b.items.filter((i) => i.service.startsWith(prefix)).reduce((sum, i) => sum + i.usd, 0);
  return {
    lambdaComputeUsd: usdOf('Lambda compute'),
    lambdaRequestsUsd: usdOf('Lambda requests'),
    stepFunctionsUsd: usdOf('Step Functions'),
    s3Usd: usdOf('S3'),
    dynamodbUsd: usdOf('DynamoDB'),
    logsUsd: usdOf('CloudWatch Logs'),
    totalUsd: b.totalUsd,
    usdPer1MPredictions: b.usdPer1MPredictions,
  };
}

/**
 * Fixed and per-chunk units from metered jobs: for every unit, the least-squares line through (chunks, units); needs
 * jobs of two chunk counts at least (undefined otherwise).
 */
export function unitsFromJobs(jobs: readonly { name: string; usage?: Usage; decomposition: { chunks: number } }[]): JobUnits | undefined {
  const metered = jobs.flatMap((j) => (j.usage ? [{ name: j.name, chunks: j.decomposition.chunks, usage: j.usage }] : []));
  if (new Set(metered.map((j) => j.chunks)).size < 2) return undefined;
  const fixed = emptyUsage();
  const perChunk = emptyUsage();
  for (const service of Object.keys(fixed) as (keyof Usage)[]) {
    for (const field of Object.keys(fixed[service])) {
      const line = fitLine(metered.map((j) => ({ x: j.chunks, y: (j.usage[service] as Record<string, number>)[field]! })));
      // Jobs whose chunks differ in kind (one small chunk vs chunks uploaded in parts) can tilt a line below zero.
      (fixed[service] as Record<string, number>)[field] = Math.max(0, line.intercept);
      (perChunk[service] as Record<string, number>)[field] = Math.max(0, line.slope);
    }
  }
  return { fixed, perChunk, source: `metered: jobs ${metered.map((j) => `"${j.name}" (${j.chunks} chunks)`).join(', ')} of this run` };
}

type TableInputs = { params: WorkflowParams; rate: ScoreRate; assumptions: ScaleAssumptions };

export function scaleRow(inputBytes: number, t: TableInputs): ScaleRow {
  const { params: p, assumptions: a } = t;
  const { chunkBytes, chunks } = chunking(inputBytes, p);
  const chunkSeconds = chunkBytes / laneBytesPerSecond(t.rate, p, a);
  const concurrency = Math.min(chunks, effectiveInFlight(p));
  const waves = Math.ceil(chunks / concurrency);
  const wallSeconds = t.rate.overheadMs / 1000 + waves * chunkSeconds;
  const bounds = boundsOf({ inputBytes, chunks, chunkBytes, chunkSeconds, wallSeconds }, p, a);
  return {
    inputBytes,
    chunks,
    chunkBytes,
    chunkSeconds,
    concurrency,
    waves,
    wallSeconds,
    cost: scaleCost(inputBytes, chunks, chunkSeconds, t),
    works: bounds.length === 0,
    bounds,
  };
}

const SEARCH_CEILING_BYTES = 1e16;
const SEARCH_PRECISION_BYTES = 1e6;

/**
 * Largest input (to 1 MB) for which `works` holds, assuming it stays false once false (chunks only grow with the
 * input): doubling from 1 MB, then bisection. SEARCH_CEILING_BYTES when everything up to it works.
 */
export function largestWorking(works: (inputBytes: number) => boolean): number {
  let low = 0;
  let high = SEARCH_PRECISION_BYTES;
  while (high < SEARCH_CEILING_BYTES && works(high)) {
    low = high;
    high = Math.min(SEARCH_CEILING_BYTES, high * 2);
  }
  if (works(high)) return high;
  while (high - low > SEARCH_PRECISION_BYTES) {
    const mid = Math.floor((low + high) / 2);
    if (works(mid)) low = mid;
    else high = mid;
  }
  return low;
}

export function largestInput(t: TableInputs): ScaleLargest {
  const inputBytes = largestWorking((n) => scaleRow(n, t).works);
  return {
    inputBytes,
    boundedBy: scaleRow(inputBytes + SEARCH_PRECISION_BYTES, t).bounds,
    row: scaleRow(inputBytes, t),
  };
}

/** The scale table of one workflow design at SCALE_SIZES (or `sizes`). */
export function scaleTable(
  params: WorkflowParams,
  rate: ScoreRate,
  assumptions: ScaleAssumptions = DEFAULT_ASSUMPTIONS,
  sizes: readonly number[] = SCALE_SIZES,
): ScaleTable {
  const t = { params, rate, assumptions };
  return {
    params,
    rate,
    assumptions,
    inFlight: effectiveInFlight(params),
    laneBytesPerSecond: laneBytesPerSecond(rate, params, assumptions),
    rows: sizes.map((n) => scaleRow(n, t)),
    largest: largestInput(t),
  };
}
