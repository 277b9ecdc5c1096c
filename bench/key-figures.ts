/** The handful of figures `npm run bench` prints when it is done (the report has them all). */
import type { BenchResults } from './lib/index.ts';

const f = (n: number | undefined, digits = 1) => (n === undefined || Number.isNaN(n) ? '–' : n.toFixed(digits));

export function keyFigures(r: BenchResults): string[] {
  const lines: string[] = [];
  for (const s of r.sync ?? [])
    lines.push(
      `sync ${s.name}: p50 ${f(s.summary.p50)} ms, p95 ${f(s.summary.p95)} ms, ${f(s.summary.rps, 0)} req/s, ${s.summary.errors} errors`,
    );
  for (const c of r.coldStarts ?? [])
    lines.push(`cold ${c.scenario}: median ${f(c.medianMs)} ms (${c.runs} runs${c.note ? `; ${c.note}` : ''})`);
  for (const b of r.batch ?? []) {
    const d = b.decomposition;
    lines.push(
      `batch ${b.name}: ${f(d.endToEndMs, 0)} ms end-to-end, ${f(d.rowsPerSecond, 0)} rows/s, ${d.chunks} chunk(s), orchestration ${f(d.orchestrationOverheadMs, 0)} ms`,
    );
  }
  const chain = r.experiments?.chain ?? [];
  for (const source of ['history', 'probes'] as const) {
    const runs = chain
      .filter((c) => c.source === source)
      .map((c) => c.overheadPct)
      .sort((a, b) => a - b);
    if (runs.length)
      lines.push(`CHAIN (${source}): overhead median ${f(runs[Math.floor((runs.length - 1) / 2)])} % over ${runs.length} runs`);
  }
  for (const source of ['history', 'probes'] as const) {
    const runs = (r.experiments?.parallel ?? [])
      .filter((p) => p.source === source)
      .map((p) => p.fanOutDelayMs)
      .sort((a, b) => a - b);
    if (runs.length)
      lines.push(`PARALLEL (${source}): fan-out delay median ${f(runs[Math.floor((runs.length - 1) / 2)])} ms over ${runs.length} runs`);
  }
  for (const line of [...(r.cost?.sync ?? []), ...(r.cost?.batch ?? [])])
    lines.push(`cost ${line.label}: $${line.breakdown.usdPer1MPredictions.toFixed(4)} per 1M predictions`);
  if (r.crossover)
    lines.push(`crossover: batch cheaper from ${r.crossover.costRows ?? '–'} rows, faster from ${r.crossover.latencyRows ?? '–'} rows`);
  return lines;
}
