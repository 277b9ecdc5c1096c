import { chunkSize } from '../../functions/lib/chunks/plan-chunks.ts';
import { MAX_PART_BYTES, MAX_PARTS, MIN_PART_BYTES } from '../../functions/lib/s3/limits.ts';
import { MAX_CHUNKS } from '../../functions/plan.ts';
import { DEFAULT_CONFIG, INLINE_MAP_MAX_CONCURRENCY } from '../../infra/config.ts';
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

/** S3's multipart limits, which Finalize's assembly must respect: one module holds them (functions/lib/s3/limits.ts). */
export const S3_MAX_PARTS = MAX_PARTS;
export const S3_MAX_COPY_PART_BYTES = MAX_PART_BYTES;

/** An Express execution runs at most 5 minutes: the longest an Express child can score one chunk. */
export const EXPRESS_MAX_SECONDS = 300;

/** The Plan task's timeout in the batch workflow (PLAN_TIMEOUT_SECONDS of infra/constructs/BatchWorkflow.ts). */
const PLAN_TASK_TIMEOUT_SECONDS = 60;

/** Input sizes of the report's tables: 1 GB, 10 GB, 100 GB, 1 TB (decimal units). */
export const SCALE_SIZES = [1e9, 1e10, 1e11, 1e12];

/** The batch workflow as the stack deploys it by default: an inline Map over the chunk list carried in the state. */
export const INLINE_MAP_TODAY: WorkflowParams = {
  label: 'Inline Map (today, stack defaults)',
  mapConcurrency: DEFAULT_CONFIG.mapConcurrency,
  mapInFlightCap: INLINE_MAP_MAX_CONCURRENCY,
  lambdaConcurrency: DEFAULT_CONFIG.taskReservedConcurrency ?? 1000,
  maxChunks: MAX_CHUNKS,
  chunkTargetBytes: DEFAULT_CONFIG.chunkTargetBytes,
  minChunkBytes: MIN_PART_BYTES,
  functionTimeoutSeconds: DEFAULT_CONFIG.timeoutSeconds,
  planTimeoutSeconds: Math.min(PLAN_TASK_TIMEOUT_SECONDS, DEFAULT_CONFIG.timeoutSeconds),
  memoryMb: DEFAULT_CONFIG.memorySize,
  iterationBilling: 'standard-transitions',
};

/** Today's workflow with `mapConcurrency` at the most the stack accepts: what the inline Map can do at best. */
export const INLINE_MAP_CEILING: WorkflowParams = {
  ...INLINE_MAP_TODAY,
  label: `Inline Map at its ceiling (mapConcurrency ${INLINE_MAP_MAX_CONCURRENCY})`,
  mapConcurrency: INLINE_MAP_MAX_CONCURRENCY,
};

/**
 * The same workflow with its Map in Distributed mode: AWS runs up to 10,000 child executions at once (its default
 * MaxConcurrency), the chunk list is read from S3 by an ItemReader so the 256 KiB state no longer caps it (S3's
 * 10,000 parts do, for Finalize's assembly), each chunk is an Express child (billed per request and duration, no
 * transitions), and the task function needs the account's default 1,000 concurrent executions (no 50 reservation).
 */
export const DISTRIBUTED_MAP_PLANNED: WorkflowParams = {
  ...INLINE_MAP_TODAY,
  label: 'Distributed Map (planned)',
  mapConcurrency: 10_000,
  mapInFlightCap: 10_000,
  lambdaConcurrency: 1_000,
  maxChunks: S3_MAX_PARTS,
  iterationBilling: 'express-children',
};

export const DEFAULT_ASSUMPTIONS: ScaleAssumptions = {
  fullVcpuMemoryMb: 1769,
  planScanBytesPerSecond: 100e6,
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

function boundsOf(chunks: number, chunkBytes: number, chunkSeconds: number, p: WorkflowParams, a: ScaleAssumptions): ScaleBound[] {
  const bounds: ScaleBound[] = [];
  if (chunkSeconds > p.functionTimeoutSeconds) bounds.push('function timeout');
  if (p.iterationBilling === 'express-children' && chunkSeconds > EXPRESS_MAX_SECONDS) bounds.push('Express child duration (≤ 5 min)');
  if (chunkBytes * a.outputBytesPerInputByte > S3_MAX_COPY_PART_BYTES) bounds.push('S3 part size (UploadPartCopy ≤ 5 GiB)');
  if (chunks > S3_MAX_PARTS) bounds.push('S3 parts (≤ 10,000)');
  return bounds;
}

/** One job's cost: batchCost's items, with Express children in place of the Map's transitions when so billed. */
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
      shape: express ? { ...BATCH_WORKFLOW_SHAPE, transitionsPerChunk: 0 } : BATCH_WORKFLOW_SHAPE,
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
  const exactPlanSeconds = inputBytes / a.planScanBytesPerSecond;
  const bounds = boundsOf(chunks, chunkBytes, chunkSeconds, p, a);
  return {
    inputBytes,
    chunks,
    chunkBytes,
    chunkSeconds,
    concurrency,
    waves,
    wallSeconds: t.rate.overheadMs / 1000 + waves * chunkSeconds,
    exactPlanSeconds,
    exactPlanFits: exactPlanSeconds <= p.planTimeoutSeconds,
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
    exactPlanInputBytes: largestWorking((n) => {
      const row = scaleRow(n, t);
      return row.works && row.exactPlanFits;
    }),
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
