/** Types of the scale model (bench/lib/scale-model.ts): the batch workflow's parameters in, one row per input size out. */
import type { Usage } from '../../local/meter/index.ts';

/** What bounds the workflow's parallelism, chunking and run time; one set per workflow design. */
export interface WorkflowParams {
  label: string;
  /** How this design is deployed: the CDK context to set, or why it is not deployed. */
  deploy: string;
  /** The Map state's MaxConcurrency as configured. */
  mapConcurrency: number;
  /** Iterations AWS runs at once whatever MaxConcurrency says (inline Map: 40; Distributed Map: 10,000 children). */
  mapInFlightCap: number;
  /** Concurrent executions the task function can get (its reserved concurrency, else the account's quota). */
  lambdaConcurrency: number;
  /** Most chunks the planner makes; past it chunks grow instead of multiplying. */
  maxChunks: number;
  chunkTargetBytes: number;
  minChunkBytes: number;
  /** The function timeout. */
  functionTimeoutSeconds: number;
  /** Longest one chunk's ScoreChunk task may run: its task timeout inside the Express child, or the function timeout. */
  chunkTimeoutSeconds: number;
  /** The execution's TimeoutSeconds; undefined when this design's is not in the code. */
  workflowTimeoutSeconds: number | undefined;
  memoryMb: number;
  /**
   * How each chunk's iteration is billed: its ScoreChunk state as one Standard transition (inline Map), or one
   * parent transition for the child it starts plus that Express child's request and duration (Distributed Map).
   */
  iterationBilling: 'standard-transitions' | 'express-children';
}

/** How fast one ScoreChunk scores, and what a job costs around the chunks; measured or the documented default. */
export interface ScoreRate {
  /** Input bytes one invocation scores per second on one full vCPU (one local core is taken as one vCPU). */
  bytesPerSecond: number;
  /** Input bytes per CSV row (for $ per 1M predictions). */
  bytesPerRow: number;
  /** Job time outside the scoring wall: S3 event, ingest, workflow start, plan, fan-in, finalize. */
  overheadMs: number;
  /** A job's billable units as the local meter counted them, as fixed + per chunk (unitsFromJobs). */
  units: JobUnits;
  /** Where the figures come from, for the report. */
  source: string;
  measured: boolean;
}

/**
 * A job's metered billable units split into what every job pays and what each chunk adds (a least-squares line per
 * unit through metered jobs of different chunk counts). The scale model replaces the chunks' compute and Express
 * duration by its own chunk time; every count (requests, transitions, request units, log bytes) is the meter's.
 */
export interface JobUnits {
  fixed: Usage;
  perChunk: Usage;
  source: string;
}

/** What the model takes as given (not measured by the bench); the report prints each beside the tables. */
export interface ScaleAssumptions {
  /** Lambda gives one full vCPU at this memory and a proportional share below (scoring a chunk uses one thread). */
  fullVcpuMemoryMb: number;
  /** Scored output bytes per input byte (a chunk's scored object, and scored.csv, which Finalize assembles). */
  outputBytesPerInputByte: number;
  /** Express child billing: memory increment and duration increment AWS rounds up to. */
  expressBilledMemoryMb: number;
  expressBilledIncrementMs: number;
}

export type ScaleBound =
  | 'chunk task timeout'
  | 'Express child duration (≤ 5 min)'
  | 'chunk output upload (≤ 10,000 parts of 8 MiB)'
  | 'S3 parts (≤ 10,000)'
  | 'scored.csv size (≤ 10,000 parts of 5 GiB)'
  | 'execution timeout';

export interface ScaleRow {
  inputBytes: number;
  chunks: number;
  chunkBytes: number;
  /** One chunk's score time at the function's memory. */
  chunkSeconds: number;
  /** Chunks running at once: min(chunks, Map in-flight, Lambda concurrency). */
  concurrency: number;
  /** Rounds of `concurrency` chunks. */
  waves: number;
  /** End-to-end when no chunk is misplaced (no re-score). */
  wallSeconds: number;
  cost: ScaleCost;
  works: boolean;
  /** Limits this size breaks (empty when it works). */
  bounds: ScaleBound[];
}

export interface ScaleCost {
  lambdaComputeUsd: number;
  lambdaRequestsUsd: number;
  stepFunctionsUsd: number;
  s3Usd: number;
  dynamodbUsd: number;
  logsUsd: number;
  totalUsd: number;
  usdPer1MPredictions: number;
}

export interface ScaleLargest {
  /** Largest input that works (bytes), and what stops the next size up. */
  inputBytes: number;
  boundedBy: ScaleBound[];
  /** The job at that size: its chunks, time per chunk, wall time and cost. */
  row: ScaleRow;
}

export interface ScaleTable {
  params: WorkflowParams;
  rate: ScoreRate;
  assumptions: ScaleAssumptions;
  /** Effective chunks at once: min(MaxConcurrency, in-flight cap, Lambda concurrency). */
  inFlight: number;
  /** The measured per-vCPU rate scaled to the function's memory. */
  laneBytesPerSecond: number;
  rows: ScaleRow[];
  largest: ScaleLargest;
}
