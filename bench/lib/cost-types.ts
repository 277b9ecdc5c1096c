/** Types of the cost model (kept apart from types.ts: they are only about money). */

export interface Prices {
  region: string;
  currency: string;
  /** The day the prices were read (each section repeats it beside its source). */
  read: string;
  howRead: string;
  lambda: { x86PerGbSecond: number; arm64PerGbSecond: number; per1MRequests: number; source: string; read: string };
  apiGateway: { restPer1MRequests: number; httpPer1MRequests: number; source: string; read: string };
  stepFunctions: {
    standardPer1000Transitions: number;
    expressPer1MRequests: number;
    expressPerGbSecond: number;
    expressNote: string;
    source: string;
    read: string;
  };
  s3: { putCopyPostListPer1000: number; getSelectPer1000: number; source: string; read: string };
  dynamodb: { onDemandPer1MWriteRequestUnits: number; onDemandPer1MReadRequestUnits: number; source: string; read: string };
  cloudWatchLogs: { standardIngestionPerGb: number; source: string; read: string };
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

/** How a cost is computed from metered units. */
export interface UsageCostOptions {
  /** Lambda GB-s as billed (the REPORT lines: init + duration, at the configured memory), or the CPU-scaling model's. Default 'billed'. */
  compute?: 'billed' | 'modelled';
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
