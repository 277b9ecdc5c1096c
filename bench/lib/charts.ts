/**
 * SVG charts rendered headless: vega-lite spec → vega spec → `View` with renderer 'none' → toSVG().
 * No browser, no canvas, no network (every spec inlines its data; no $schema is fetched).
 */
import { compile, type TopLevelSpec } from 'vega-lite';
import { View, parse } from 'vega';
import { ChartRenderError } from './errors.ts';
import type { LatencyBucket, Segment } from './types.ts';

const SIZE = { width: 640, height: 320 };

export async function renderSvg(name: string, spec: TopLevelSpec): Promise<string> {
  try {
    const view = new View(parse(compile(spec).spec), { renderer: 'none' });
    const svg = await view.toSVG();
    view.finalize();
    return svg;
  } catch (error) {
    throw new ChartRenderError(name, error);
  }
}

const finite = (n: number) => Number.isFinite(n);

/** p50 / p95 / max per time bucket (a Locust-style "performance over time" chart). */
export function latencyOverTimeSvg(buckets: readonly LatencyBucket[], title = 'Latency over time'): Promise<string> {
  const values = buckets.flatMap((b) =>
    (['p50', 'p95', 'max'] as const).filter((k) => finite(b[k])).map((k) => ({ t: b.t, series: k, ms: b[k] })),
  );
  return renderSvg('latency-over-time', {
    title,
    ...SIZE,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'seconds since first request' },
      y: { field: 'ms', type: 'quantitative', title: 'latency (ms)' },
      color: { field: 'series', type: 'nominal', sort: ['p50', 'p95', 'max'], title: null },
    },
  });
}

/** Histogram of latencies (ms); `maxbins` bins. */
export function latencyHistogramSvg(latenciesMs: readonly number[], title: string, maxbins = 30): Promise<string> {
  const values = latenciesMs.filter(finite).map((ms) => ({ ms }));
  return renderSvg('latency-histogram', {
    title,
    ...SIZE,
    data: { values },
    mark: 'bar',
    encoding: {
      x: { field: 'ms', type: 'quantitative', bin: { maxbins }, title: 'latency (ms)' },
      y: { aggregate: 'count', type: 'quantitative', title: 'requests', axis: { tickMinStep: 1 } },
    },
  });
}

export function coldStartHistogramSvg(latenciesMs: readonly number[]): Promise<string> {
  return latencyHistogramSvg(latenciesMs, 'Response times of cold-start requests');
}

export function warmHistogramSvg(latenciesMs: readonly number[]): Promise<string> {
  return latencyHistogramSvg(latenciesMs, 'Response times of warm requests');
}

/** End-to-end batch latency against job size, log x. */
export function batchLatencyVsRowsSvg(points: ReadonlyArray<{ rows: number; endToEndMs: number }>): Promise<string> {
  const values = points.filter((p) => p.rows > 0 && finite(p.endToEndMs)).map((p) => ({ rows: p.rows, s: p.endToEndMs / 1000 }));
  return renderSvg('batch-latency-vs-rows', {
    title: 'Batch job end-to-end latency vs rows',
    ...SIZE,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'rows', type: 'quantitative', scale: { type: 'log' }, title: 'rows in the CSV (log)' },
      y: { field: 's', type: 'quantitative', title: 'upload done → summary written (s)' },
    },
  });
}

/** One stacked horizontal bar per job: its critical-path segments in order, so the bar length is the end-to-end time. */
export function decompositionSvg(jobs: ReadonlyArray<{ job: string; segments: readonly Segment[] }>): Promise<string> {
  const order = jobs[0]?.segments.map((s) => s.name) ?? [];
  const values = jobs.flatMap((j) => j.segments.map((s, i) => ({ job: j.job, segment: s.name, order: i, ms: Math.max(0, s.ms) })));
  return renderSvg('batch-decomposition', {
    title: 'Batch latency decomposition',
    width: SIZE.width,
    data: { values },
    mark: 'bar',
    encoding: {
      y: { field: 'job', type: 'nominal', sort: null, title: null },
      x: { field: 'ms', type: 'quantitative', stack: 'zero', title: 'ms' },
      color: { field: 'segment', type: 'nominal', sort: order, title: 'segment' },
      order: { field: 'order', type: 'quantitative' },
      tooltip: [{ field: 'segment' }, { field: 'ms', type: 'quantitative' }],
    },
  });
}
