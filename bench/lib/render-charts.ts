import { batchLatencyVsRowsSvg, coldStartHistogramSvg, decompositionSvg, latencyOverTimeSvg, warmHistogramSvg } from './charts.ts';
import type { BatchJobResult, LatencyBucket } from './types.ts';

/** Raw series the charts need but results.json does not keep (per-request samples are too many). */
export interface ChartInputs {
  buckets?: LatencyBucket[];
  coldLatenciesMs?: number[];
  warmLatenciesMs?: number[];
  batch?: BatchJobResult[];
}

/** Every chart whose data is present, keyed as report.ts CHART_TITLES. */
export async function renderCharts(inputs: ChartInputs): Promise<Record<string, string>> {
  const jobs: Array<[string, Promise<string>]> = [];
  if (inputs.buckets?.length) jobs.push(['latencyOverTime', latencyOverTimeSvg(inputs.buckets)]);
  if (inputs.coldLatenciesMs?.length) jobs.push(['coldHistogram', coldStartHistogramSvg(inputs.coldLatenciesMs)]);
  if (inputs.warmLatenciesMs?.length) jobs.push(['warmHistogram', warmHistogramSvg(inputs.warmLatenciesMs)]);
  if (inputs.batch?.length) {
    const sorted = [...inputs.batch].sort((a, b) => a.rows - b.rows);
    jobs.push(['batchLatencyVsRows', batchLatencyVsRowsSvg(sorted.map((b) => ({ rows: b.rows, endToEndMs: b.decomposition.endToEndMs })))]);
    jobs.push(['batchDecomposition', decompositionSvg(sorted.map((b) => ({ job: b.name, segments: b.decomposition.segments })))]);
  }
  const rendered = await Promise.all(jobs.map(async ([key, svg]) => [key, await svg] as const));
  return Object.fromEntries(rendered);
}
