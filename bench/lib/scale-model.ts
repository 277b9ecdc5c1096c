import { chunkSize } from '../../functions/lib/chunks/plan-chunks.ts';
import { MAX_PART_BYTES, MAX_PARTS, MIN_PART_BYTES, STREAM_PART_BYTES } from '../../functions/lib/s3/limits.ts';
import { EXPRESS_EXECUTION_SECONDS } from '../../infra/constructs/BatchWorkflow.ts';
import { BATCH_WORKFLOW_SHAPE, PRICES, batchCost } from './cost.ts';
import type { Prices } from './cost-types.ts';
import type {
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
 * README's "Measured here" 1M-row job (bench/results/example): 16,000,050 bytes in 2 chunks, each scored in
 * 834.5 ms median; 985 ms end-to-end of which 850 ms scoring wall; ingest 14, plan 12, finalize 87 ms.
 */
export const DEFAULT_SCORE_RATE: ScoreRate = {
  bytesPerSecond: 16_000_050 / 2 / 0.8345,
  bytesPerRow: 16,
  overheadMs: 985 - 850,
  otherInvocationsMs: [14, 12, 87],
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
    otherInvocationsMs: [d.ingestMs, d.planMs, d.finalizeMs],
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
 * One job's cost: batchCost's items, and for a Distributed Map each chunk's Express child (per request, and per
 * duration at its billed memory). The parent still pays one Standard transition per child it starts (AWS bills a
 * Distributed Map so), which batchCost's per-chunk transition counts; an inline Map's is the iteration's ScoreChunk state.
 */
export function scaleCost(
  inputBytes: number,
  chunks: number,
  chunkSeconds: number,
  t: { params: WorkflowParams; rate: ScoreRate; assumptions: ScaleAssumptions },
  prices: Prices = PRICES,
): ScaleCost {
  const { params: p, rate, assumptions: a } = t;
  const express = p.iterationBilling === 'express-children';
  const chunkMs = chunkSeconds * 1000;
  const rows = inputBytes / rate.bytesPerRow;
  const b = batchCost(
    {
      rows,
      chunks,
      memoryMb: p.memoryMb,
      lambdaDurationsMs: [...rate.otherInvocationsMs, ...new Array<number>(chunks).fill(chunkMs)],
      shape: BATCH_WORKFLOW_SHAPE,
    },
    prices,
  );
  const usdOf = (prefix: string) => b.items.filter((i) => i.service.startsWith(prefix)).reduce((s, i) => s + i.usd, 0);
  const billedChildSeconds = (Math.ceil(chunkMs / a.expressBilledIncrementMs) * a.expressBilledIncrementMs) / 1000;
  const sfn = prices.stepFunctions;
  const expressUsd = express
    ? chunks * (sfn.expressPer1MRequests / 1e6 + billedChildSeconds * (a.expressBilledMemoryMb / 1024) * sfn.expressPerGbSecond)
    : 0;
  const totalUsd = b.totalUsd + expressUsd;
  return {
    lambdaComputeUsd: usdOf('Lambda compute'),
    lambdaRequestsUsd: usdOf('Lambda requests'),
    stepFunctionsUsd: usdOf('Step Functions') + expressUsd,
    s3Usd: usdOf('S3'),
    dynamodbUsd: usdOf('DynamoDB'),
    totalUsd,
    usdPer1MPredictions: (totalUsd / rows) * 1e6,
  };
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
