import pricesJson from '../../functions/lib/billing/prices.json' with { type: 'json' };
import { emptyUsage, type Usage } from '../../local/meter/index.ts';
import type { BatchModel, CostBreakdown, CostItem, Crossover, CrossoverRow, Prices, SyncModel, UsageCostOptions } from './cost-types.ts';

/** us-east-1 list prices, each with its source page and the day it was read (prices.json). */
export const PRICES: Prices = pricesJson;

function item(service: string, quantity: number, unit: string, usd: number): CostItem {
  return { service, quantity, unit, usd };
}

function breakdown(items: CostItem[], rows: number): CostBreakdown {
  const totalUsd = items.reduce((sum, i) => sum + i.usd, 0);
  return { items, totalUsd, rows, usdPer1MPredictions: (totalUsd / rows) * 1e6 };
}

/**
 * What metered units cost: each unit the local stack's meter counted (local/meter) times its list price. Nothing here
 * models how many requests a job makes: the meter counted them as the handlers made them. Items with no units are
 * left out.
 */
export function usageCost(usage: Usage, rows: number, options: UsageCostOptions = {}, prices: Prices = PRICES): CostBreakdown {
  const { lambda, stepFunctions: sfn, s3, dynamodb, apiGateway, logs } = usage;
  const gbS = options.compute === 'modelled' ? lambda.modelledGbSeconds : lambda.gbSeconds;
  const gbSecond = options.architecture === 'arm64' ? prices.lambda.arm64PerGbSecond : prices.lambda.x86PerGbSecond;
  const logGb = logs.bytes / 1e9;
  const items = [
    item('Lambda requests', lambda.requests, 'request', (lambda.requests * prices.lambda.per1MRequests) / 1e6),
    item(`Lambda compute (${options.compute ?? 'billed'})`, gbS, 'GB-s', gbS * gbSecond),
    item(
      'Step Functions Standard',
      sfn.standardTransitions,
      'transition',
      (sfn.standardTransitions * prices.stepFunctions.standardPer1000Transitions) / 1000,
    ),
    item(
      'Step Functions Express requests',
      sfn.expressRequests,
      'request',
      (sfn.expressRequests * prices.stepFunctions.expressPer1MRequests) / 1e6,
    ),
    item('Step Functions Express duration', sfn.expressGbSeconds, 'GB-s', sfn.expressGbSeconds * prices.stepFunctions.expressPerGbSecond),
    item('S3 PUT/COPY/POST/LIST', s3.putCopyPostList, 'request', (s3.putCopyPostList * prices.s3.putCopyPostListPer1000) / 1000),
    item('S3 GET/SELECT/other', s3.getSelectOther, 'request', (s3.getSelectOther * prices.s3.getSelectPer1000) / 1000),
    item(
      'DynamoDB on-demand writes',
      dynamodb.writeRequestUnits,
      'WRU',
      (dynamodb.writeRequestUnits * prices.dynamodb.onDemandPer1MWriteRequestUnits) / 1e6,
    ),
    item(
      'DynamoDB on-demand reads',
      dynamodb.readRequestUnits,
      'RRU',
      (dynamodb.readRequestUnits * prices.dynamodb.onDemandPer1MReadRequestUnits) / 1e6,
    ),
    item('API Gateway REST', apiGateway.requests, 'request', (apiGateway.requests * prices.apiGateway.restPer1MRequests) / 1e6),
    item('CloudWatch Logs ingestion', logGb, 'GB', logGb * prices.cloudWatchLogs.standardIngestionPerGb),
  ];
  return breakdown(
    items.filter((i) => i.quantity > 0),
    rows,
  );
}

/** `a − b`, field by field (a window's units from two readings of the meter's run counters). */
export function usageBetween(after: Usage, before: Usage): Usage {
  return mapUsage(after, (value, service, field) => value - (before[service] as Record<string, number>)[field]!);
}

/** Every unit × `factor` (one request's share of a window, or a per-chunk usage times chunks). */
export function scaleUsage(usage: Usage, factor: number): Usage {
  return mapUsage(usage, (value) => value * factor);
}

/** `a + b`, field by field. */
export function sumUsage(a: Usage, b: Usage): Usage {
  return mapUsage(a, (value, service, field) => value + (b[service] as Record<string, number>)[field]!);
}

function mapUsage(usage: Usage, f: (value: number, service: keyof Usage, field: string) => number): Usage {
  const out = emptyUsage();
  for (const service of Object.keys(out) as (keyof Usage)[]) {
    const target = out[service] as Record<string, number>;
    const source = usage[service] as Record<string, number>;
    for (const field of Object.keys(target)) target[field] = f(source[field] ?? 0, service, field);
  }
  return out;
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
