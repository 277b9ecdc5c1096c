import { REFERENCE_COLD_START_NOTE, REFERENCE_LOCUST } from './reference-figures.ts';
import { ms, num, pct, table, usd } from './markdown.ts';
import { chainTable, parallelTable } from './report-experiments.ts';
import { scaleSection } from './report-scale.ts';
import type { BatchJobResult, BenchResults, CostLine } from './types.ts';

/** Chart keys writeResults knows, with the caption the report gives them. */
export const CHART_TITLES: Record<string, string> = {
  latencyOverTime: 'Latency over time (p50 / p95 / max per bucket)',
  coldHistogram: 'Cold-start request latencies',
  warmHistogram: 'Warm request latencies',
  batchLatencyVsRows: 'Batch latency vs rows',
  batchDecomposition: 'Batch latency decomposition',
};

function chart(results: BenchResults, key: string): string {
  const file = results.charts?.[key];
  return file ? `![${CHART_TITLES[key] ?? key}](${file})` : '';
}

function section(title: string, ...parts: string[]): string {
  return [`## ${title}`, ...parts.filter(Boolean)].join('\n\n');
}

function syncSection(r: BenchResults): string {
  if (!r.sync?.length) return '';
  const rows = r.sync.map((s) => [
    s.name,
    s.concurrency,
    s.rowsPerRequest,
    s.memoryMb,
    s.summary.count,
    s.summary.errors,
    ms(s.summary.mean),
    ms(s.summary.p50),
    ms(s.summary.p95),
    ms(s.summary.p99),
    ms(s.summary.max),
    num(s.summary.rps, 1),
  ]);
  const L = REFERENCE_LOCUST;
  rows.push([
    'AWS reference (Locust, 10 users, 60 s)',
    10,
    1,
    undefined,
    L.requests,
    L.errors,
    ms(L.mean),
    ms(L.p50),
    ms(L.p95),
    ms(L.p99),
    ms(L.max),
    num(L.rps, 2),
  ]);
  return section(
    'Sync API (`POST /predict`)',
    table(
      [
        'scenario',
        'concurrency',
        'rows/request',
        'memory MB',
        'requests',
        'errors',
        'mean ms',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'max ms',
        'req/s',
      ],
      rows,
    ),
    'Percentiles are nearest-rank over the successful requests; req/s counts every request over the wall clock.',
    chart(r, 'latencyOverTime'),
    chart(r, 'warmHistogram'),
  );
}

function coldSection(r: BenchResults): string {
  if (!r.coldStarts?.length) return '';
  const rows = r.coldStarts.map((c) => [
    c.scenario,
    c.idleMinutes,
    c.runs,
    ms(c.medianMs),
    ms(c.minMs),
    ms(c.maxMs),
    c.cold === undefined ? '–' : c.cold ? 'yes' : 'no',
    c.note,
  ]);
  return section(
    'Cold starts',
    table(['scenario', 'idle min', 'runs', 'median ms', 'min ms', 'max ms', 'fresh instance', 'note'], rows),
    REFERENCE_COLD_START_NOTE,
    chart(r, 'coldHistogram'),
  );
}

function batchSection(r: BenchResults): string {
  if (!r.batch?.length) return '';
  const jobs = table(
    ['job', 'rows', 'MB', 'chunks', 'end-to-end ms', 'rows/s', 'cold starts', 'failed attempts'],
    r.batch.map((b) => [
      b.name,
      num(b.rows),
      b.bytes === undefined ? '–' : num(b.bytes / 1e6, 1),
      b.decomposition.chunks,
      ms(b.decomposition.endToEndMs),
      num(b.decomposition.rowsPerSecond),
      b.decomposition.coldStarts,
      b.decomposition.failedAttempts,
    ]),
  );
  const jobsOf = r.batch;
  const metric = (name: string, f: (b: BatchJobResult) => string) => [name, ...jobsOf.map(f)];
  const decomposition = table(
    ['ms', ...r.batch.map((b) => b.name)],
    [
      metric('S3 event → ingest start', (b) => ms(b.decomposition.s3ToIngestMs)),
      metric('ingest', (b) => ms(b.decomposition.ingestMs)),
      metric('workflow start delay (ingest end → plan start)', (b) => ms(b.decomposition.workflowStartDelayMs)),
      metric('plan', (b) => ms(b.decomposition.planMs)),
      metric('fan-out delay (plan end → last chunk start)', (b) => ms(b.decomposition.fanOutDelayMs)),
      metric(
        'score per chunk min / median / max',
        (b) => `${ms(b.decomposition.score.min)} / ${ms(b.decomposition.score.median)} / ${ms(b.decomposition.score.max)}`,
      ),
      metric('scoring wall (first chunk start → last chunk end)', (b) => ms(b.decomposition.scoringWallMs)),
      metric('fan-in (last chunk end → finalize start)', (b) => ms(b.decomposition.fanInDelayMs)),
      metric('finalize', (b) => ms(b.decomposition.finalizeMs)),
      metric(
        '**orchestration overhead** (no task running)',
        (b) =>
          `${ms(b.decomposition.orchestrationOverheadMs)} (${pct((b.decomposition.orchestrationOverheadMs / b.decomposition.endToEndMs) * 100)})`,
      ),
      metric('**end-to-end** (upload done → summary written)', (b) => ms(b.decomposition.endToEndMs)),
    ],
  );
  return section('Batch jobs', jobs, chart(r, 'batchLatencyVsRows'), '### Decomposition', decomposition, chart(r, 'batchDecomposition'));
}

const SOURCE_TITLES = { history: 'execution history', probes: 'probe records' } as const;

/** One table per source: a median taken over history and probe runs together would mix two different clocks. */
function bySource<T extends { source: 'history' | 'probes' }>(
  runs: readonly T[] | undefined,
  title: string,
  render: (runs: T[]) => string,
): string[] {
  return (['history', 'probes'] as const)
    .map((source) => (runs ?? []).filter((r) => r.source === source))
    .filter((group) => group.length > 0)
    .map((group) => `### ${title} (${SOURCE_TITLES[group[0].source]})\n\n${render(group)}`);
}

function experimentSection(r: BenchResults): string {
  const e = r.experiments;
  if (!e?.chain?.length && !e?.parallel?.length) return '';
  return section(
    'Orchestration overhead (CHAIN / PARALLEL experiment)',
    ...bySource(e.chain, '1. Chain experiment', chainTable),
    ...bySource(e.parallel, '2. Parallel experiment', parallelTable),
  );
}

function costLines(lines: readonly CostLine[]): Array<Array<string | number>> {
  return lines.map((l) => [
    l.label,
    num(l.breakdown.rows),
    usd(l.breakdown.totalUsd),
    usd(l.breakdown.usdPer1MPredictions),
    l.breakdown.items.map((i) => `${i.service} ${usd(i.usd)}`).join('; '),
  ]);
}

function costSection(r: BenchResults): string {
  const lines = [...(r.cost?.sync ?? []), ...(r.cost?.batch ?? [])];
  if (!lines.length) return '';
  return section(
    'Cost (us-east-1 list prices, functions/lib/billing/prices.json)',
    table(['what', 'rows per unit', '$ per unit', '$ per 1M predictions', 'items'], costLines(lines)),
    'A unit is one request (sync) or one job (batch). Every quantity is what the local stack’s meter counted (local/meter; ' +
      'docs/local-stack.md “Billing meter”): Lambda GB-s are the billed durations of the REPORT lines (init included) at the ' +
      'configured memory, with local CPU standing in for Lambda’s (the CPU-scaling model is a separate figure of the meter). ' +
      'Each price’s source page and the day it was read are in prices.json. Free tiers are ignored.',
  );
}

function crossoverSection(r: BenchResults): string {
  const c = r.crossover;
  if (!c) return '';
  const rows = c.table.map((t) => [
    num(t.rows),
    num(t.syncRequests),
    ms(t.syncMs),
    usd(t.syncUsd),
    ms(t.batchMs),
    usd(t.batchUsd),
    t.batchUsd < t.syncUsd ? 'batch' : 'sync',
    t.batchMs < t.syncMs ? 'batch' : 'sync',
  ]);
  const at = (n: number | null) => (n === null ? 'not within the range searched' : `from ${num(n)} rows`);
  return section(
    'Crossover: N rows as sync requests vs one batch job',
    `Sync: ${c.sync.rowsPerRequest} row(s) per request at concurrency ${c.sync.concurrency}, ${ms(c.sync.latencyMs)} ms/request${c.sync.maxRps ? `, ≤ ${num(c.sync.maxRps)} req/s` : ''}. ` +
      `Batch: ${ms(c.batch.fixedMs)} ms + ${c.batch.msPerRow.toPrecision(3)} ms/row, ${usd(c.batch.fixedUsd)} + ${usd(c.batch.usdPerRow)}/row (fitted to the measured jobs).`,
    table(['rows', 'sync requests', 'sync ms', 'sync $', 'batch ms', 'batch $', 'cheaper', 'faster'], rows),
    `Batch is cheaper ${at(c.costRows)}; batch is faster ${at(c.latencyRows)}.`,
  );
}

function header(r: BenchResults): string {
  const m = r.machine;
  const machine = m
    ? `Machine: ${m.os} ${m.release} ${m.arch}, ${m.cpus} × ${m.cpuModel}, ${num(m.memoryGb, 1)} GB, Node ${m.node}, commit ${m.gitCommit ?? 'unknown'}${m.gitDirty ? ' (dirty)' : ''}.`
    : '';
  return [`# ${r.title ?? 'Benchmark report'}`, `Started ${r.startedAt}.`, machine, ...(r.notes ?? [])].filter(Boolean).join('\n\n');
}

/** The whole report.md; sections without results are left out. */
export function renderReport(results: BenchResults): string {
  const sections = [
    header(results),
    syncSection(results),
    coldSection(results),
    batchSection(results),
    experimentSection(results),
    costSection(results),
    crossoverSection(results),
    scaleSection(results),
  ];
  return `${sections.filter(Boolean).join('\n\n')}\n`;
}
