/** Types of the scale model (bench/lib/scale-model.ts): the batch workflow's parameters in, one row per input size out. */

/** What bounds the workflow's parallelism, chunking and run time; one set per workflow design. */
export interface WorkflowParams {
  label: string;
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
  /** The function timeout: one ScoreChunk invocation must end within it. */
  functionTimeoutSeconds: number;
  /** The Plan task's timeout: an exact-cut plan reads the whole object within it. */
  planTimeoutSeconds: number;
  memoryMb: number;
  /** How each chunk's iteration is billed: one Standard state transition, or one Express child execution. */
  iterationBilling: 'standard-transitions' | 'express-children';
}

/** How fast one ScoreChunk scores, and what a job costs around the chunks; measured or the documented default. */
export interface ScoreRate {
  /** Input bytes one invocation scores per second on one full vCPU (one local core is taken as one vCPU). */
  bytesPerSecond: number;
  /** Input bytes per CSV row (for $ per 1M predictions). */
  bytesPerRow: number;
  /** Job time outside the scoring wall: S3 event, ingest, workflow start, presumed-cut plan, fan-in, finalize. */
  overheadMs: number;
  /** Lambda time of the job's other invocations (billed): ingest, plan, finalize. */
  otherInvocationsMs: number[];
  /** Where the figures come from, for the report. */
  source: string;
  measured: boolean;
}

/** What the model takes as given (not measured by the bench); the report prints each beside the tables. */
export interface ScaleAssumptions {
  /** Lambda gives one full vCPU at this memory and a proportional share below (scoring a chunk uses one thread). */
  fullVcpuMemoryMb: number;
  /** S3 read rate of one Plan invocation scanning the whole object for exact cuts (its parser scans at GB/s). */
  planScanBytesPerSecond: number;
  /** Scored output bytes per input byte (a part Finalize copies is a chunk's output). */
  outputBytesPerInputByte: number;
  /** Express child billing: memory increment and duration increment AWS rounds up to. */
  expressBilledMemoryMb: number;
  expressBilledIncrementMs: number;
}

export type ScaleBound =
  | 'function timeout'
  | 'Express child duration (≤ 5 min)'
  | 'S3 part size (UploadPartCopy ≤ 5 GiB)'
  | 'S3 parts (≤ 10,000)';

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
  /** End-to-end with presumed cuts (no quoted field near a cut). */
  wallSeconds: number;
  /** Plan's exact-cut scan when a window around a cut holds a quote: the whole object read by one invocation. */
  exactPlanSeconds: number;
  exactPlanFits: boolean;
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
  totalUsd: number;
  usdPer1MPredictions: number;
}

export interface ScaleLargest {
  /** Largest input that works with presumed cuts (bytes), and what stops the next size up. */
  inputBytes: number;
  boundedBy: ScaleBound[];
  /** Largest input whose exact-cut plan fits the Plan task's timeout. */
  exactPlanInputBytes: number;
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
