/** Types of the cost model (kept apart from types.ts: they are only about money). */

export interface Prices {
  region: string;
  currency: string;
  asOf: string;
  howRead: string;
  lambda: { x86PerGbSecond: number; arm64PerGbSecond: number; per1MRequests: number; source: string };
  apiGateway: { restPer1MRequests: number; httpPer1MRequests: number; source: string };
  stepFunctions: {
    standardPer1000Transitions: number;
    expressPer1MRequests: number;
    expressPerGbSecond: number;
    expressNote: string;
    source: string;
  };
  s3: { putCopyPostListPer1000: number; getSelectPer1000: number; source: string };
  dynamodb: { onDemandPer1MWriteRequestUnits: number; onDemandPer1MReadRequestUnits: number; source: string };
}

export interface CostItem {
  service: string;
  quantity: number;
  unit: string;
  usd: number;
}

/** Cost of one unit of work (one request, or one job) and what it means per 1M predictions. */
export interface CostBreakdown {
  items: CostItem[];
  totalUsd: number;
  rows: number;
  usdPer1MPredictions: number;
}

export interface SyncCostInput {
  /** Measured handler duration per request (Lambda bills it rounded up to 1 ms). */
  durationMs: number;
  memoryMb: number;
  rowsPerRequest: number;
  /** Front door: REST API (as the classic Iris-on-Lambda setup uses), HTTP API, or direct invoke. Default 'rest'. */
  api?: 'rest' | 'http' | 'none';
  architecture?: 'x86' | 'arm64';
}

/** State transitions of one execution = fixed + perChunk × chunks (+ retries). */
export interface WorkflowShape {
  fixedTransitions: number;
  transitionsPerChunk: number;
}

export interface BatchCostInput {
  rows: number;
  chunks: number;
  memoryMb: number;
  /** Measured durations of every invocation of the job (ingest, plan, each score chunk, finalize). */
  lambdaDurationsMs: number[];
  shape?: WorkflowShape;
  /** Retried states: each adds one transition and one invocation (its duration should be in lambdaDurationsMs). */
  retries?: number;
  /** Override the modelled S3 request counts (e.g. with counts the runner observed). */
  s3?: { puts: number; gets: number };
  /** Override the modelled DynamoDB write units. */
  ddbWrites?: number;
  architecture?: 'x86' | 'arm64';
}

export interface SyncModel {
  /** Latency of one request (p50 measured at `concurrency`). */
  latencyMs: number;
  rowsPerRequest: number;
  concurrency: number;
  /** Measured throughput ceiling at that concurrency, if lower than concurrency / latency. */
  maxRps?: number;
  usdPerRequest: number;
}

/** Batch job as a straight line fitted to measured jobs: time and money = fixed + per-row × rows. */
export interface BatchModel {
  fixedMs: number;
  msPerRow: number;
  fixedUsd: number;
  usdPerRow: number;
}

export interface CrossoverRow {
  rows: number;
  syncRequests: number;
  syncMs: number;
  syncUsd: number;
  batchMs: number;
  batchUsd: number;
}

export interface Crossover {
  /** Smallest row count from which one batch job costs less than the sync requests (null: not up to maxRows). */
  costRows: number | null;
  /** Smallest row count from which one batch job finishes sooner than the sync requests. */
  latencyRows: number | null;
  table: CrossoverRow[];
}
