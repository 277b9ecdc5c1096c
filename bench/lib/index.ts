/**
 * Pure core of the bench: numbers in, numbers / SVG / markdown out. How bench/run.ts is meant to use it:
 *
 *   const { send, close } = httpPostSender(`${apiUrl}/predict`, body, c);
 *   const run = await closedLoop(send, { concurrency: c, durationMs: 60_000, rampMs: 3_000 });   // or afterIdleGaps(send)
 *   const sync = [{ name: `c=${c}`, concurrency: c, rowsPerRequest: 1, summary: summarize(run.samples, { elapsedS: run.elapsedS }) }];
 *   const { cold, warm } = splitColdWarm(run.samples, 5_000);                       // or flag Sample.cold from runtime stats
 *   const chain = chainOverheadFromHistory(await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 })));
 *   const parallel = fanOutFromHistory(history, { name: 'Parallel_Fan_Out' });      // probes: chain/parallelOverheadFromProbes
 *   const decomposition = decomposeBatch({ records, uploadDoneMs, summaryWrittenMs }); // records: Probes, runId = jobId
 *   const jobCost = usageCost(meter.ofExecution(executionArn), rows);              // the local meter's units × prices.json
 *   const perRequest = usageCost(scaleUsage(usageBetween(after, before), 1 / requests), 1);
 *   const model = batchModelFromJobs(jobs.map((j) => ({ rows: j.rows, endToEndMs: j.decomposition.endToEndMs, usd: j.usd })));
 *   const cross = crossover({ latencyMs: p50, rowsPerRequest: 1, concurrency: c, maxRps: rps, usdPerRequest: perRequest.totalUsd }, model);
 *   const results: BenchResults = { startedAt, sync, coldStarts, batch, experiments: { chain: [chain], parallel: [parallel] },
 *     cost: { sync: [...], batch: [...] }, crossover: { ...cross, sync: syncModel, batch: model } };
 *   const charts = await renderCharts({ buckets: bucketize(run.samples, 1000), coldLatenciesMs, warmLatenciesMs, batch });
 *   writeResults(results, charts, { resultsRoot: `${REPO_ROOT}/bench/results` });   // → bench/results/<timestamp>/
 */
export { ascending, bucketize, mean, median, percentile, splitColdWarm, summarize } from './percentiles.ts';
export { toEpochMs } from './timestamps.ts';
export {
  chainOverheadFromHistory,
  chainOverheadFromProbes,
  fanOutFromHistory,
  parallelOverheadFromProbes,
  containerTasks,
  succeededEvents,
  taskTimings,
} from './execution-overhead.ts';
export type { ContainerTasks, History } from './execution-overhead.ts';
export { distributedMapTimes, inlineMapTimes, mapOverhead, summarizeMapRuns } from './map-overhead.ts';
export type { MapOverhead, MapOverheadSummary, Spread } from './map-overhead.ts';
export { BATCH_STEPS, decomposeBatch, spread } from './batch-decomposition.ts';
export { coveredMs } from './intervals.ts';
export type { Interval } from './intervals.ts';
export { PRICES, batchAt, batchModelFromJobs, crossover, fitLine, scaleUsage, sumUsage, syncAt, usageBetween, usageCost } from './cost.ts';
export {
  batchLatencyVsRowsSvg,
  coldStartHistogramSvg,
  decompositionSvg,
  latencyHistogramSvg,
  latencyOverTimeSvg,
  renderSvg,
  warmHistogramSvg,
} from './charts.ts';
export {
  AWS_SIZED_CONTEXT,
  DISTRIBUTED_MAP_DEFAULTS,
  DISTRIBUTED_MAP_SIZED_FOR_AWS,
  FORMER_INLINE_MAP,
  SCALE_DESIGNS,
  distributedMapParams,
} from './scale-designs.ts';
export {
  DEFAULT_ASSUMPTIONS,
  DEFAULT_SCORE_RATE,
  SCALE_SIZES,
  largestInput,
  scaleRow,
  scaleTable,
  scoreRateFromResults,
} from './scale-model.ts';
export type * from './scale-model-types.ts';
export { scaleSection } from './report-scale.ts';
export { renderCharts } from './render-charts.ts';
export type { ChartInputs } from './render-charts.ts';
export { CHART_TITLES, renderReport } from './report.ts';
export { chainTable, medianRun, parallelTable } from './report-experiments.ts';
export { chartFile, machineInfo, timestampDir, writeResults } from './write-results.ts';
export type { WrittenResults } from './write-results.ts';
export { REFERENCE_CHAIN, REFERENCE_COLD_START_NOTE, REFERENCE_LOCUST, REFERENCE_PARALLEL } from './reference-figures.ts';
export {
  ChartRenderError,
  ExecutionNotSucceededError,
  InconsistentTimesError,
  InvalidTimestampError,
  MissingEventError,
  MissingProbeError,
} from './errors.ts';
export type * from './types.ts';
export type * from './cost-types.ts';
export { IDLE_GAP_MINUTES, afterIdleGaps, closedLoop, httpPostSender, realClock, timed } from './load-generator.ts';
export type { Clock, LoadPlan, Send } from './load-generator.ts';
