import type { LatencyBucket, LatencySummary, PercentileMethod, Sample } from './types.ts';

/**
 * Percentile of an ascending array.
 * - `nearest-rank` (default; what Locust and bench/sync-local.ts report): the smallest value with at least p % of the
 *   values ≤ it, i.e. sorted[ceil(p/100·n) − 1]. Always an observed latency.
 * - `linear`: interpolates between the two closest ranks at (n − 1)·p/100 (numpy's default, Excel PERCENTILE.INC).
 * NaN for an empty array.
 */
export function percentile(sorted: readonly number[], p: number, method: PercentileMethod = 'nearest-rank'): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  if (method === 'nearest-rank') return sorted[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))];
  const rank = ((n - 1) * p) / 100;
  const low = Math.floor(rank);
  const high = Math.min(n - 1, low + 1);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

export function ascending(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((sum, v) => sum + v, 0) / values.length;
}

export function median(values: readonly number[]): number {
  return percentile(ascending(values), 50, 'linear');
}

/** Reduce, not Math.min(...xs): a long run has more samples than a call may take arguments. */
function earliestStart(samples: readonly Sample[]): number {
  return samples.reduce((min, s) => Math.min(min, s.startMs), Infinity);
}

/** First request start → last request end, in seconds. */
function wallClockS(samples: readonly Sample[]): number {
  if (samples.length === 0) return 0;
  const first = earliestStart(samples);
  const last = samples.reduce((max, s) => Math.max(max, s.startMs + s.ms), -Infinity);
  return (last - first) / 1000;
}

/**
 * Latency summary of a run: percentiles over the successful requests only (a fast 500 must not improve p50),
 * `errors` = failed requests, `rps` = all requests / wall clock. Pass `elapsedS` when the runner timed the run itself.
 */
export function summarize(samples: readonly Sample[], options: { elapsedS?: number; method?: PercentileMethod } = {}): LatencySummary {
  const ok = ascending(samples.filter((s) => s.ok).map((s) => s.ms));
  const method = options.method ?? 'nearest-rank';
  const elapsedS = options.elapsedS ?? wallClockS(samples);
  return {
    count: samples.length,
    errors: samples.length - ok.length,
    min: ok.length ? ok[0] : Number.NaN,
    mean: mean(ok),
    p50: percentile(ok, 50, method),
    p95: percentile(ok, 95, method),
    p99: percentile(ok, 99, method),
    max: ok.length ? ok[ok.length - 1] : Number.NaN,
    elapsedS,
    rps: elapsedS > 0 ? samples.length / elapsedS : Number.NaN,
  };
}

/** p50/p95/max per `bucketMs` window of request start, from the first request (the latency-over-time chart). */
export function bucketize(samples: readonly Sample[], bucketMs = 1000): LatencyBucket[] {
  if (samples.length === 0) return [];
  const origin = earliestStart(samples);
  const groups = new Map<number, Sample[]>();
  for (const s of samples) {
    const key = Math.floor((s.startMs - origin) / bucketMs);
    const group = groups.get(key);
    if (group) group.push(s);
    else groups.set(key, [s]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([key, group]) => {
      const ok = ascending(group.filter((s) => s.ok).map((s) => s.ms));
      const t = (key * bucketMs) / 1000;
      return {
        t,
        count: group.length,
        errors: group.length - ok.length,
        p50: percentile(ok, 50),
        p95: percentile(ok, 95),
        max: ok.at(-1) ?? Number.NaN,
      };
    });
}

/**
 * Cold vs warm requests. A sample is cold when the runner flagged it (`cold: true`) or, for runs without that
 * knowledge (like a Locust run against AWS), when it started within `coldWindowMs` of the first request.
 */
export function splitColdWarm(samples: readonly Sample[], coldWindowMs = 0): { cold: Sample[]; warm: Sample[] } {
  const origin = earliestStart(samples);
  const isCold = (s: Sample) => s.cold === true || (s.cold === undefined && s.startMs - origin < coldWindowMs);
  return { cold: samples.filter(isCold), warm: samples.filter((s) => !isCold(s)) };
}
