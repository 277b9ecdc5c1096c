import pricesJson from './prices.json' with { type: 'json' };
import type {
  BatchCostInput,
  BatchModel,
  CostBreakdown,
  CostItem,
  Crossover,
  CrossoverRow,
  Prices,
  SyncCostInput,
  SyncModel,
  WorkflowShape,
} from './cost-types.ts';

/** us-east-1 list prices; see prices.json for when and where they were read. */
export const PRICES: Prices = pricesJson;

/** The batch workflow (docs/architecture.md): Plan, ScoreChunks (Map), Finalize + one ScoreChunk per chunk. */
export const BATCH_WORKFLOW_SHAPE: WorkflowShape = { fixedTransitions: 3, transitionsPerChunk: 1 };

/** Lambda bills duration rounded UP to the next 1 ms, times the configured memory in GB (MB / 1024). */
export function lambdaGbSeconds(durationMs: number, memoryMb: number): number {
  return (Math.ceil(durationMs) / 1000) * (memoryMb / 1024);
}

/** AWS counts one state transition per state a workflow executes (Map iterations included; retries add one each). */
export function stateTransitions(chunks: number, shape: WorkflowShape = BATCH_WORKFLOW_SHAPE, retries = 0): number {
  return shape.fixedTransitions + shape.transitionsPerChunk * chunks + retries;
}

/**
 * S3 requests of one job with `chunks` chunks, from the handlers' calls (docs/architecture.md):
 * PUT class (PUT, COPY, POST, LIST): the client's upload 1, per chunk 2 temp objects (scored, errors), finalize
 * assembles scored.csv and errors.csv by multipart copy (create + 1 part copy per chunk + complete, twice),
 * summary.json 1, the temp-prefix LIST 1 → 4·chunks + 7. GET class: HeadObject at ingest 1, plan's head read 1,
 * one ranged GET per chunk → chunks + 2. DELETEs are free.
 */
export function s3RequestsForJob(chunks: number): { puts: number; gets: number } {
  return { puts: 4 * chunks + 7, gets: chunks + 2 };
}

/** DynamoDB writes of one job (items < 1 KB = 1 WRU each): job record create + RUNNING + SUCCEEDED, one probe per invocation. */
export function ddbWritesForJob(chunks: number): number {
  return 3 + (chunks + 3);
}

function item(service: string, quantity: number, unit: string, usd: number): CostItem {
  return { service, quantity, unit, usd };
}

function breakdown(items: CostItem[], rows: number): CostBreakdown {
  const totalUsd = items.reduce((sum, i) => sum + i.usd, 0);
  return { items, totalUsd, rows, usdPer1MPredictions: (totalUsd / rows) * 1e6 };
}

function gbSecondPrice(prices: Prices, architecture: 'x86' | 'arm64' = 'x86'): number {
  return architecture === 'arm64' ? prices.lambda.arm64PerGbSecond : prices.lambda.x86PerGbSecond;
}

/** Cost of ONE sync request (API Gateway + Lambda request + GB-s) and per 1M predictions (÷ rows per request). */
export function syncCost(input: SyncCostInput, prices: Prices = PRICES): CostBreakdown {
  const gbS = lambdaGbSeconds(input.durationMs, input.memoryMb);
  const items = [
    item('Lambda requests', 1, 'request', prices.lambda.per1MRequests / 1e6),
    item('Lambda compute', gbS, 'GB-s', gbS * gbSecondPrice(prices, input.architecture)),
  ];
  const api = input.api ?? 'rest';
  if (api !== 'none') {
    const per1M = api === 'rest' ? prices.apiGateway.restPer1MRequests : prices.apiGateway.httpPer1MRequests;
    items.push(item(`API Gateway ${api.toUpperCase()}`, 1, 'request', per1M / 1e6));
  }
  return breakdown(items, input.rowsPerRequest);
}

/** Cost of ONE batch job: Step Functions transitions, Lambda requests + GB-s, S3 requests, DynamoDB writes. */
export function batchCost(input: BatchCostInput, prices: Prices = PRICES): CostBreakdown {
  const retries = input.retries ?? 0;
  const transitions = stateTransitions(input.chunks, input.shape, retries);
  const invocations = input.lambdaDurationsMs.length;
  const gbS = input.lambdaDurationsMs.reduce((sum, ms) => sum + lambdaGbSeconds(ms, input.memoryMb), 0);
  const s3 = input.s3 ?? s3RequestsForJob(input.chunks);
  const writes = input.ddbWrites ?? ddbWritesForJob(input.chunks);
  return breakdown(
    [
      item('Step Functions Standard', transitions, 'transition', (transitions * prices.stepFunctions.standardPer1000Transitions) / 1000),
      item('Lambda requests', invocations, 'request', (invocations * prices.lambda.per1MRequests) / 1e6),
      item('Lambda compute', gbS, 'GB-s', gbS * gbSecondPrice(prices, input.architecture)),
      item('S3 PUT/COPY/POST/LIST', s3.puts, 'request', (s3.puts * prices.s3.putCopyPostListPer1000) / 1000),
      item('S3 GET', s3.gets, 'request', (s3.gets * prices.s3.getSelectPer1000) / 1000),
      item('DynamoDB on-demand writes', writes, 'WRU', (writes * prices.dynamodb.onDemandPer1MWriteRequestUnits) / 1e6),
    ],
    input.rows,
  );
}

/** Least-squares line y = intercept + slope·x; one point gives a line through the origin. */
export function fitLine(points: ReadonlyArray<{ x: number; y: number }>): { intercept: number; slope: number } {
  const n = points.length;
  if (n === 0) return { intercept: Number.NaN, slope: Number.NaN };
  if (n === 1) return { intercept: 0, slope: points[0].y / points[0].x };
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { intercept: my - slope * mx, slope };
}

/** Batch model from measured jobs (rows, end-to-end ms, job cost). */
export function batchModelFromJobs(jobs: ReadonlyArray<{ rows: number; endToEndMs: number; usd: number }>): BatchModel {
  const time = fitLine(jobs.map((j) => ({ x: j.rows, y: j.endToEndMs })));
  const money = fitLine(jobs.map((j) => ({ x: j.rows, y: j.usd })));
  return { fixedMs: time.intercept, msPerRow: time.slope, fixedUsd: money.intercept, usdPerRow: money.slope };
}

/** N rows as sync requests from `concurrency` closed-loop clients: waves of `concurrency` requests, capped by maxRps. */
export function syncAt(rows: number, m: SyncModel): { requests: number; ms: number; usd: number } {
  const requests = Math.ceil(rows / m.rowsPerRequest);
  const waves = Math.ceil(requests / m.concurrency) * m.latencyMs;
  const capped = m.maxRps ? (requests / m.maxRps) * 1000 : 0;
  return { requests, ms: Math.max(waves, capped), usd: requests * m.usdPerRequest };
}

export function batchAt(rows: number, m: BatchModel): { ms: number; usd: number } {
  return { ms: m.fixedMs + m.msPerRow * rows, usd: m.fixedUsd + m.usdPerRow * rows };
}

/**
 * Smallest n in [1, maxRows] with batchWins(n), assuming it stays true once true (both models grow linearly and
 * batch has the smaller slope). Exponential then binary search; null when batch does not win by maxRows.
 */
function firstWin(batchWins: (n: number) => boolean, maxRows: number): number | null {
  let high = 1;
  while (high < maxRows && !batchWins(high)) high = Math.min(maxRows, high * 2);
  if (!batchWins(high)) return null;
  let low = Math.floor(high / 2);
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (batchWins(mid)) high = mid;
    else low = mid;
  }
  return batchWins(low) && low >= 1 ? low : high;
}

/** Where one batch job starts to beat N sync requests, in money and in time, plus a table at `rowsGrid`. */
export function crossover(sync: SyncModel, batch: BatchModel, options: { maxRows?: number; rowsGrid?: number[] } = {}): Crossover {
  const maxRows = options.maxRows ?? 1e9;
  const grid = options.rowsGrid ?? [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000];
  const table: CrossoverRow[] = grid.map((rows) => {
    const s = syncAt(rows, sync);
    const b = batchAt(rows, batch);
    return { rows, syncRequests: s.requests, syncMs: s.ms, syncUsd: s.usd, batchMs: b.ms, batchUsd: b.usd };
  });
  return {
    costRows: firstWin((n) => batchAt(n, batch).usd < syncAt(n, sync).usd, maxRows),
    latencyRows: firstWin((n) => batchAt(n, batch).ms < syncAt(n, sync).ms, maxRows),
    table,
  };
}
